/**
 * Upgrading a populated database (docs/operations.md "Upgrades"), on both databases: a database
 * as a 2026-11-30 release left it (every migration before 2026-12-01), holding a merchant, its App,
 * credit line and ledger, and an order with its webhook event written as that release wrote them,
 * is migrated to the latest schema by today's migrations. Its money is untouched (the ledger
 * verifies with the same figures), the App keys it sealed still open, and what it stored stays
 * readable; its failed sign-ins' labels are masked.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { openDatabase, type OpenedDatabase } from '../../src/db/dialect.ts';
import { listMigrations, migrateToLatest } from '../../src/db/migrate.ts';
import { migrationProvider } from '../../src/db/migrations/index.ts';
import { randomBytes } from 'node:crypto';
import { secretContext, signContext } from '../../src/modules/apps/apps.service.ts';
import { maskEmail } from '../../src/modules/merchants/merchants.rules.ts';
import { checkLedger } from '../../src/ops/ledger-check.ts';
import { firstUnopenedSecret } from '../../src/ops/rekey.ts';
import { createSecretBox } from '../../src/shared/secret-box.ts';
import { describeEachDatabase } from '../helpers/databases.ts';

vi.setConfig({ testTimeout: 120_000 });

const all = await migrationProvider.getMigrations();
/** The migration set of a release from 2026-11-30. */
const release20261130 = {
  getMigrations: async () => Object.fromEntries(Object.entries(all).filter(([name]) => name < '2026-12-01')),
};

const AT = '2026-11-30T12:00:00.000Z';
const MERCHANT = 'MCH01UPGRADE0000000000000';
const ORDER = 'ORD01UPGRADE0000000000001';
const PLAIN_ORDER = 'ORD01UPGRADE0000000000002';
// Releases before 2026-11-29's text rule took an unpaired surrogate in a shipping address.
const UNPAIRED_NAME = 'Ann\uD800e';
const address = (name: string) => ({
  name,
  phone: '+15550100',
  address: '1 Migration Way',
  city: 'Oldtown',
  country: 'US',
  postal_code: '94000',
});
// A literal backslash-u in the text (escaped in JSON as `\\ud800`): not an escape, left alone.
const PLAIN_ADDRESS = JSON.stringify(address('C:\\ud800 José'));
const MASTER_KEY = randomBytes(32);
const APP = 'app_0123456789abcdef01234567';
const APP_KEYS = { secret: 'S'.repeat(32), sign: 'K'.repeat(32) };

/** The rows a 2026-11-30 release wrote for a merchant with a 100.00 limit and two orders. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the old schema, not today's Database
async function populateOldRelease(db: Kysely<any>): Promise<void> {
  await db
    .insertInto('merchants')
    .values({ merchant_id: MERCHANT, name: 'Old Co', status: 'active', created_at: AT, updated_at: AT })
    .execute();
  const box = createSecretBox(MASTER_KEY);
  await db
    .insertInto('apps')
    .values({
      app_id: APP,
      merchant_id: MERCHANT,
      name: 'ERP',
      secret_key_sealed: box.seal(APP_KEYS.secret, secretContext(APP)),
      sign_key_sealed: box.seal(APP_KEYS.sign, signContext(APP)),
      status: 'active',
      created_at: AT,
      updated_at: AT,
      keys_rotated_at: AT,
    })
    .execute();
  await db
    .insertInto('credit_accounts')
    .values({
      merchant_id: MERCHANT,
      currency: 'USD',
      credit_limit: 10000,
      used: 1500,
      status: 'active',
      ledger_seq: 3,
      created_at: AT,
      updated_at: AT,
    })
    .execute();
  // The limit, then one debit per order: each entry starts where the one before ended.
  const moves: Array<[string, number, string | null]> = [
    ['limit_change', 10000, null],
    ['order', -1000, ORDER],
    ['order', -500, PLAIN_ORDER],
  ];
  let available = 0;
  const ledger = moves.map(([type, amount, orderNo], i) => {
    available += amount;
    return {
      seq: i + 1,
      type,
      amount,
      balance_before: available - amount,
      balance_after: available,
      orderNo,
    };
  });
  await db
    .insertInto('credit_transactions')
    .values(
      ledger.map(({ orderNo, ...e }) => ({
        ...e,
        reference_no: `CTX01UPGRADE000000000000${e.seq}`,
        merchant_id: MERCHANT,
        currency: 'USD',
        order_no: orderNo,
        description: e.type,
        created_at: AT,
      })),
    )
    .execute();
  const order = (orderNo: string, amount: number, shipping: string, seq: number) => ({
    order_no: orderNo,
    merchant_id: MERCHANT,
    merchant_order_no: `old-${orderNo}`,
    goods_id: 'g-1',
    sku_id: 'g-1-1',
    quantity: 1,
    unit_price: amount,
    amount,
    currency: 'USD',
    status: 'pending',
    shipping_address_json: shipping,
    credit_reference_no: `CTX01UPGRADE000000000000${seq}`,
    created_at: AT,
    updated_at: AT,
  });
  await db
    .insertInto('orders')
    .values([
      order(ORDER, 1000, JSON.stringify(address(UNPAIRED_NAME)), 2),
      order(PLAIN_ORDER, 500, PLAIN_ADDRESS, 3),
    ])
    .execute();
  const event = (id: string, orderNo: string, shipping: string) => ({
    event_id: id,
    merchant_id: MERCHANT,
    type: 'order.created',
    payload: `{"id":"${id}","type":"order.created","created_at":"${AT}","data":{"object":{"order_no":"${orderNo}","shipping_address":${shipping}}}}`,
    endpoint_id: null,
    fanned_out: 0,
    created_at: AT,
  });
  await db
    .insertInto('webhook_events')
    .values([
      event('evt_01UPGRADE01', ORDER, JSON.stringify(address(UNPAIRED_NAME))),
      event('evt_01UPGRADE02', PLAIN_ORDER, PLAIN_ADDRESS),
    ])
    .execute();
  // Failed sign-ins as that release audited them: the e-mail as typed, in clear.
  const audit = (id: string, action: string, label: string) => ({
    id,
    at: AT,
    actor_type: action === 'session.sign_in' ? 'merchant' : 'anonymous',
    actor_id: null,
    actor_label: label,
    actor_credential: null,
    ip: '127.0.0.1',
    action,
    merchant_id: null,
    target_type: 'portal',
    target_id: null,
    before_json: null,
    after_json: null,
    note: null,
  });
  await db
    .insertInto('audit_log')
    .values(OLD_AUDIT.map(([id, action, label]) => audit(id, action, label)))
    .execute();
}

/** [id, action, label as the old release wrote it, the label after the upgrade]. */
const OLD_AUDIT = [
  ['AUD01UPGRADE1', 'session.sign_in_failed', 'stranger@elsewhere.example', 's•••@elsewhere.example'],
  ['AUD01UPGRADE2', 'session.sign_in_failed', 'a typed password', '•••'],
  ['AUD01UPGRADE3', 'session.sign_in_failed', 'p@ss@word', '•••'],
  ['AUD01UPGRADE4', 'session.sign_in_failed', '@example.com', '•••'],
  // A sign-in names the login that signed in: left as it is.
  ['AUD01UPGRADE5', 'session.sign_in', 'owner@old.example', 'owner@old.example'],
] as const;

describeEachDatabase('upgrading a populated database', (database) => {
  let opened: OpenedDatabase;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'tradepost-upgrade-'));
    opened = await openDatabase({ databaseUrl: await database.url(), dataDir, migrate: false });
  });
  afterAll(async () => {
    await opened?.close();
    await database.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('from a 2026-11-30 release: migrates; the ledger, App keys and orders intact, old text made well-formed', async () => {
    const opts = { dialect: opened.dialect, schema: opened.schema };
    const old = await migrateToLatest(opened.db, { ...opts, provider: release20261130 });
    expect(old).toContain('2026-11-30-orders-pg-place-amount-cap');
    await populateOldRelease(opened.db);
    const ledgerBefore = await checkLedger(opened.db);
    expect(ledgerBefore).toMatchObject({ ok: true, accounts: 1, entries: 3, orders: 2 });
    const entriesBefore = await entriesOf(opened.db);
    const plainBefore = await opened.db
      .selectFrom('webhook_events')
      .select('payload')
      .where('event_id', '=', 'evt_01UPGRADE02')
      .executeTakeFirstOrThrow();

    const applied = await migrateToLatest(opened.db, opts);
    expect(applied).toEqual(
      Object.keys(all)
        .filter((name) => name >= '2026-12-01')
        .sort(),
    );
    expect((await listMigrations(opened.db, opts)).every((m) => m.executedAt !== null)).toBe(true);

    // Money: the same entries, the same account, and the ledger still verifies.
    expect(await checkLedger(opened.db)).toEqual(ledgerBefore);
    expect(await entriesOf(opened.db)).toEqual(entriesBefore);
    const account = await opened.db
      .selectFrom('credit_accounts')
      .select(['credit_limit', 'used', 'ledger_seq'])
      .executeTakeFirstOrThrow();
    expect([Number(account.credit_limit), Number(account.used), account.ledger_seq]).toEqual([
      10000, 1500, 3,
    ]);

    // Credentials: the App's keys, sealed under the master key by the old release, still open.
    expect(await firstUnopenedSecret(opened.db, MASTER_KEY)).toBeNull();
    const app = await opened.db.selectFrom('apps').selectAll().executeTakeFirstOrThrow();
    const box = createSecretBox(MASTER_KEY);
    expect([
      box.open(app.secret_key_sealed, secretContext(APP)),
      box.open(app.sign_key_sealed, signContext(APP)),
    ]).toEqual([APP_KEYS.secret, APP_KEYS.sign]);
    expect(app.status).toBe('active');

    // The unpaired surrogate became U+FFFD, in the order and in its event (which the search finds).
    const orders = await opened.db
      .selectFrom('orders')
      .select(['order_no', 'shipping_address_json'])
      .orderBy('order_no')
      .execute();
    expect(orders.map((o) => JSON.parse(o.shipping_address_json).name)).toEqual([
      'Ann\uFFFDe',
      'C:\\ud800 José',
    ]);
    expect(orders[1]!.shipping_address_json).toBe(PLAIN_ADDRESS);
    const events = await sql<{
      event_id: string;
      about: string;
      payload: string;
    }>`select event_id, about, payload
      from webhook_events order by event_id`.execute(opened.db);
    expect(events.rows.map((e) => [e.event_id, e.about])).toEqual([
      ['evt_01UPGRADE01', ORDER],
      ['evt_01UPGRADE02', PLAIN_ORDER],
    ]);
    expect(JSON.parse(events.rows[0]!.payload).data.object.shipping_address.name).toBe('Ann\uFFFDe');
    expect(events.rows[1]!.payload).toBe(plainBefore.payload);

    // Failed sign-ins no longer name the e-mail as typed: masked as today's entries are.
    const audit = await opened.db
      .selectFrom('audit_log')
      .select(['id', 'actor_label', 'actor_email_hmac'])
      .orderBy('id')
      .execute();
    expect(audit).toEqual(
      OLD_AUDIT.map(([id, , , label]) => ({ id, actor_label: label, actor_email_hmac: null })),
    );
    expect(
      OLD_AUDIT.filter(([, action]) => action !== 'session.sign_in').map(([, , typed]) => maskEmail(typed)),
    ).toEqual(OLD_AUDIT.filter(([, action]) => action !== 'session.sign_in').map(([, , , label]) => label));
  });
});

async function entriesOf(db: Kysely<Database>) {
  const rows = await db
    .selectFrom('credit_transactions')
    .select(['reference_no', 'seq', 'type', 'amount', 'balance_before', 'balance_after', 'order_no'])
    .orderBy('seq')
    .execute();
  return rows.map((r) => ({
    ...r,
    amount: Number(r.amount),
    balance_before: Number(r.balance_before),
    balance_after: Number(r.balance_after),
  }));
}
