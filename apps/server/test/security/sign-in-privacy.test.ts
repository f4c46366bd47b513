/**
 * A failed sign-in keeps the e-mail as typed out of the audit log, over real HTTP on both
 * databases: the entry's label is masked (merchants.rules.ts maskEmail) and the throttle counts a
 * keyed hash of the e-mail (sessions.throttle.ts signInAccount), for the portal, the console and a
 * wrong two-step code alike. The per-account limit still holds across addresses, for known and
 * unknown e-mails alike, and a master-key rotation leaves a throttle that counts again.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/dialect.ts';
import { maskEmail } from '../../src/modules/merchants/merchants.rules.ts';
import { SIGN_IN_LIMITS, signInAccount } from '../../src/modules/sessions/sessions.throttle.ts';
import { rekey } from '../../src/ops/rekey.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { uid } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { webClient } from '../helpers/web-client.ts';

describeEachDatabase('sign-in failures keep the e-mail private', (database) => {
  let server: TestServer;
  beforeAll(async () => {
    // Behind a trusted proxy, so a test can sign in from many addresses (X-Forwarded-For).
    server = await startTestServer({
      databaseUrl: await database.url(),
      env: { TRADEPOST_TRUST_PROXY: '1' },
    });
  });
  afterAll(async () => {
    await server?.close();
    await database.dispose();
  });

  const from = (ip: string) => ({ headers: { 'x-forwarded-for': ip } });
  /** Every audit row, every column, as text: what "nowhere in the log" is checked against. */
  const auditText = async () =>
    JSON.stringify(await server.running.ctx.db.selectFrom('audit_log').selectAll().execute()).toLowerCase();
  const failuresSince = (at: string) =>
    server.running.ctx.db
      .selectFrom('audit_log')
      .select(['actor_label', 'actor_email_hmac', 'target_type', 'merchant_id'])
      .where('action', '=', 'session.sign_in_failed')
      .where('at', '>=', at)
      .orderBy('at')
      .orderBy('id')
      .execute();

  it('portal and console failures are audited with the e-mail masked and counted by its keyed hash; what was typed is nowhere in audit_log', async () => {
    const start = new Date(Date.now() - 1000).toISOString();
    const m = await server.createMerchant();
    const operator = `op-${uid()}@ops.example`;
    await server.services.operators.create({
      email: operator,
      password: 'operator password 1',
      role: 'admin',
    });
    const stranger = `Stranger-${uid()}@Elsewhere.example`;
    // A password typed into the e-mail field: not an address, so nothing of it is kept.
    const password = `correct horse ${uid()}`;
    const portal = webClient(server.url, 'portal');
    const console = webClient(server.url, 'admin');
    const tries: Array<[typeof portal, string]> = [
      [portal, m.email],
      [portal, stranger],
      [portal, password],
      [console, operator],
      [console, stranger],
    ];
    for (const [web, email] of tries) {
      expect((await web.signIn(email, 'not the password')).status).toBe(401);
    }

    const key = server.running.ctx.config.masterKey;
    const typed = tries.map(([, email]) => email.toLowerCase());
    expect(await failuresSince(start)).toEqual(
      [
        { actor_label: 'm•••@example.com', merchant_id: m.merchantId, target_type: 'portal' },
        { actor_label: 's•••@elsewhere.example', merchant_id: null, target_type: 'portal' },
        { actor_label: '•••', merchant_id: null, target_type: 'portal' },
        { actor_label: 'o•••@ops.example', merchant_id: null, target_type: 'admin' },
        { actor_label: 's•••@elsewhere.example', merchant_id: null, target_type: 'admin' },
      ].map((row, i) => ({ ...row, actor_email_hmac: signInAccount(key, typed[i]!) })),
    );
    const text = await auditText();
    for (const t of [...typed, stranger.split('@')[0]!.toLowerCase(), password])
      expect(text).not.toContain(t);
    expect(maskEmail(password)).toBe('•••');
  });

  it('the per-account limit trips across addresses, for a known and an unknown e-mail alike, whatever the case typed', async () => {
    const m = await server.createMerchant();
    const unknown = `nobody-${uid()}@example.com`;
    const accounts = [
      { email: m.email, password: m.password, net: '198.51.100' },
      { email: unknown, password: 'anything at all', net: '203.0.113' },
    ];
    for (const a of accounts) {
      // Each failure from its own address: only the account rule can count them all.
      for (let i = 0; i < SIGN_IN_LIMITS.account; i++) {
        const r = await webClient(server.url, 'portal').call(
          'POST',
          '/session',
          { email: i % 2 ? a.email.toUpperCase() : a.email, password: `wrong ${i}` },
          from(`${a.net}.${i + 1}`),
        );
        expect(r.status).toBe(401);
      }
    }
    for (const a of accounts) {
      const r = await webClient(server.url, 'portal').call(
        'POST',
        '/session',
        { email: a.email, password: a.password },
        from('192.0.2.1'),
      );
      expect([r.status, r.body.error.code]).toEqual([429, 'rate_limited']);
    }
  });
});

// Its own database: the rotation re-seals every secret in it.
describeEachDatabase('sign-in throttle across a master-key rotation', (database) => {
  afterAll(() => database.dispose());

  it('a master-key rotation: the restarted server counts failures under the new key (those of the window before are forgotten)', async () => {
    const scratch = mkdtempSync(join(tmpdir(), 'tradepost-signin-rekey-'));
    const databaseUrl = await database.url();
    const oldKey = Buffer.alloc(32, 1);
    const newKey = Buffer.alloc(32, 2);
    const start = (key: Buffer) =>
      startTestServer({
        databaseUrl,
        env: { TRADEPOST_DATA_DIR: scratch, TRADEPOST_MASTER_KEY: key.toString('hex') },
      });
    const failUntilThrottled = async (s: TestServer, email: string, password: string) => {
      for (let i = 0; i < SIGN_IN_LIMITS.accountAndAddress; i++) {
        expect((await webClient(s.url, 'portal').signIn(email, `wrong ${i}`)).status).toBe(401);
      }
      expect((await webClient(s.url, 'portal').signIn(email, password)).status).toBe(429);
    };
    try {
      let s = await start(oldKey);
      const m = await s.createMerchant();
      try {
        await failUntilThrottled(s, m.email, m.password);
      } finally {
        await s.close();
      }
      const opened = await openDatabase({ databaseUrl, dataDir: scratch, migrate: false });
      try {
        await rekey({ db: opened.db, dialect: opened.dialect, currentKey: oldKey, newKey, dryRun: false });
      } finally {
        await opened.close();
      }
      s = await start(newKey);
      try {
        // The old entries' hashes were made under the old key: this account's count starts again.
        expect((await webClient(s.url, 'portal').signIn(m.email, m.password)).status).toBe(200);
        await failUntilThrottled(s, m.email, m.password);
      } finally {
        await s.close();
      }
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});
