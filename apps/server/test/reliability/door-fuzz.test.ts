/**
 * #13's door fuzzer (cases: door-fuzz.ts) against a real server on each database, over HTTP:
 * FUZZ_CASES cases per database (1,000 by default, so 2,000 in CI; `npm run soak` runs 10,000
 * each), seeded (FUZZ_SEED replays a run). Every case must hold:
 * - no answer is a 5xx, and the server logs no error-level line (checked after every case);
 * - no forgery is accepted;
 * and at the end:
 * - nothing changed for the victim (every request of its was forged): credit, ledger, orders,
 *   stock of its product, its credentials and sessions, and its console team-mate;
 * - the actor has exactly the orders its accepted requests created, and ledger-check passes
 *   (what was refused changed nothing, what was accepted changed the ledger correctly).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { checkLedger } from '../../src/ops/ledger-check.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { doorsFor } from '../helpers/doors.ts';
import { orderRequest, testProduct, type TestProduct } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { webClient } from '../helpers/web-client.ts';
import { expectBatchesWhole } from '../orders/batch-check.ts';
import { fuzzCase, plan, succeeded, type FuzzParty, type FuzzWorld } from './door-fuzz.ts';

const CASES = Number(process.env.FUZZ_CASES ?? 1000);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
/** Clients at once: enough to keep the server busy, few enough to pin a log line on its case. */
const CONCURRENCY = 4;

describeEachDatabase('door fuzzer', (database) => {
  let server: TestServer;
  let world: FuzzWorld;

  async function party(creditLimit: string): Promise<FuzzParty> {
    const m = await server.createMerchant({ creditLimit });
    const doors = await doorsFor(server.url, server.services, m);
    const [product] = (await server.addProducts([testProduct({ price: '1.00', stock: 1_000_000 })])) as [
      TestProduct,
    ];
    const order = await server.services.orders.create(m.merchantId, orderRequest(product));
    const batch = await server.services.orders.createBatch(m.merchantId, { orders: [orderRequest(product)] });
    const portal = webClient(server.url, 'portal');
    expect((await portal.signIn(m.email, m.password)).status).toBe(200);
    // A second browser of the same login, for the Security page's "sign out that one".
    expect((await webClient(server.url, 'portal').signIn(m.email, m.password)).status).toBe(200);
    const sessions = (await portal.call('GET', '/sessions')).body.items as Array<{
      id: string;
      current: boolean;
    }>;
    const otherSessionId = sessions.find((s) => !s.current)!.id;
    const teammate = await server.services.operators.create({
      email: `teammate-${m.merchantId.toLowerCase()}@ops.example`,
      password: 'teammate password 1',
      role: 'support',
    });
    return {
      ...doors,
      portal,
      product,
      orderNo: order.order_no,
      batchNo: batch.batch_no,
      otherSessionId,
      teammateId: teammate.operatorId,
    };
  }

  /** Everything of the victim a forgery could have changed. */
  async function victimState() {
    const { db } = server.running.ctx;
    const id = world.victim.m.merchantId;
    const [account, entries, orders, sku, apps, keys, tokens, sessions, teammate] = await Promise.all([
      db.selectFrom('credit_accounts').selectAll().where('merchant_id', '=', id).executeTakeFirst(),
      db
        .selectFrom('credit_transactions')
        .select(db.fn.countAll().as('n'))
        .where('merchant_id', '=', id)
        .executeTakeFirst(),
      db
        .selectFrom('orders')
        .select(['order_no', 'status', 'updated_at'])
        .where('merchant_id', '=', id)
        .orderBy('order_no')
        .execute(),
      db
        .selectFrom('skus')
        .select(['stock', 'price'])
        .where('sku_id', '=', world.victim.product.skus[0].sku_id)
        .executeTakeFirst(),
      db.selectFrom('apps').selectAll().where('merchant_id', '=', id).execute(),
      db.selectFrom('api_keys').selectAll().execute(),
      db.selectFrom('api_tokens').selectAll().where('merchant_id', '=', id).execute(),
      db
        .selectFrom('web_sessions')
        .select(['revoked_at', 'subject_id'])
        .where('merchant_id', '=', id)
        .execute(),
      db
        .selectFrom('operators')
        .selectAll()
        .where('operator_id', '=', world.victim.teammateId)
        .executeTakeFirst(),
    ]);
    return {
      account,
      entries: Number(entries?.n),
      orders,
      sku,
      apps,
      keys: keys.length,
      tokens,
      sessions,
      teammate,
    };
  }

  beforeAll(async () => {
    server = await startTestServer({ databaseUrl: await database.url(), captureLogs: true });
    const actor = await party('1000000.00');
    world = { url: server.url, actor, victim: await party('1000.00') };
  });
  afterAll(async () => {
    await server?.close();
    await database.dispose();
  });

  // Found by this fuzzer: the portal and console doors passed path parameters (and the console's
  // merchant search its query) to queries unchecked, so a NUL answered 500 and logged a PostgreSQL
  // error (SQLite: 404 or a result).
  it('a control character in a portal or console path or query parameter is a 400 naming it, never a 5xx or an error log', async () => {
    const logs = server.logs.length;
    const portal = await world.actor.portal.call('GET', `/orders/${encodeURIComponent('ORD\u0000')}`);
    expect([portal.status, portal.body.error.fields]).toEqual([
      400,
      { orderNo: 'must not contain control characters, text-direction controls or unpaired surrogates' },
    ]);
    const console = await world.actor.console.call('POST', '/merchants/a%00b/credit/entries', {
      type: 'adjustment',
      amount: '1.00',
      note: 'x',
    });
    expect([console.status, console.body.error.code]).toEqual([400, 'validation_failed']);
    const search = await world.actor.console.call('GET', '/merchants?q=%00');
    expect([search.status, search.body.error.fields]).toEqual([
      400,
      { q: 'must not contain control characters, text-direction controls or unpaired surrogates' },
    ]);
    expect(server.logs.slice(logs).filter((l) => l.level >= 50)).toEqual([]);
  });

  it(
    `${CASES} hostile, forged and garbage requests over every door: no 5xx, no error log, no forgery accepted, nothing changed but what was accepted`,
    async () => {
      const started = Date.now();
      const before = await victimState();
      const ordersBefore = (await server.services.orders.list(world.actor.m.merchantId, {})).total;
      const cases = fc.sample(fuzzCase, { numRuns: CASES, seed: SEED });
      const failures: string[] = [];
      const tally: Record<string, number> = {};
      let created = 0;
      let next = 0;
      let logsSeen = server.logs.length;

      async function client(): Promise<void> {
        while (next < cases.length && failures.length < 20) {
          const n = next++;
          let planned: ReturnType<typeof plan>;
          try {
            planned = plan(world, cases[n]!);
          } catch (e) {
            // The client helpers refuse to sign some values at all (no client could send them).
            if (!(e instanceof Error && e.name === 'ProtocolError')) throw e;
            tally.unsendable = (tally.unsendable ?? 0) + 1;
            continue;
          }
          const { kind, op, built } = planned;
          let status = 0;
          let text = '';
          try {
            const res = await fetch(built.url, built.init);
            status = res.status;
            text = await res.text();
          } catch (e) {
            // fetch says only "fetch failed"; the cause says how the connection ended (a reset,
            // "other side closed" on a reused keep-alive socket, a timeout).
            const cause = (e as { cause?: { code?: string; message?: string } }).cause;
            failures.push(
              `#${n} ${built.label}: no answer (${(e as Error).message}: ${cause?.code ?? ''} ${cause?.message ?? ''})`,
            );
            continue;
          }
          const party = kind === 'forgery' ? world.victim : world.actor;
          const { ok, data } = succeeded(op.door, party, status, text);
          const key = `${kind} ${ok ? 'accepted' : status}`;
          tally[key] = (tally[key] ?? 0) + 1;
          if (status >= 500) failures.push(`#${n} ${built.label}: HTTP ${status} ${text.slice(0, 200)}`);
          if (kind === 'forgery' && ok)
            failures.push(`#${n} ${built.label}: forgery accepted (HTTP ${status})`);
          if (kind === 'hostile' && ok && op.creates) created += op.creates(data);
          // A line logged since the last case looked is pinned on this one (with 4 clients, maybe a neighbour's).
          const errors = server.logs.slice(logsSeen).filter((l) => l.level >= 50);
          logsSeen = server.logs.length;
          if (errors.length > 0)
            failures.push(
              `#${n} ${built.label} (or a request in flight with it): error log ${JSON.stringify(errors[0]).slice(0, 300)}`,
            );
        }
      }
      await Promise.all(Array.from({ length: CONCURRENCY }, client));
      console.log(
        `[door-fuzz:${database.name}]`,
        JSON.stringify({ cases: CASES, seed: SEED, seconds: (Date.now() - started) / 1000, created, tally }),
      );
      expect(failures, `seed ${SEED}`).toEqual([]);
      expect(server.logs.filter((l) => l.level >= 50)).toEqual([]);

      expect(await victimState()).toEqual(before);
      const { db } = server.running.ctx;
      expect((await server.services.orders.list(world.actor.m.merchantId, {})).total).toBe(
        ordersBefore + created,
      );
      for (const p of [world.actor, world.victim]) {
        const report = await checkLedger(db, { merchantId: p.m.merchantId });
        expect(report.problem).toBeNull();
        await expectBatchesWhole(db, p.m.merchantId);
      }
    },
    120_000 + CASES * 100,
  );
});
