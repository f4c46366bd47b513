/** The DB-backed NonceStore on each database. */
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { OpenedDatabase } from '../../src/db/dialect.ts';
import { createNonceStore, type NonceStore } from '../../src/modules/nonces/nonces.service.ts';
import { describeEachDatabase } from '../helpers/databases.ts';

describeEachDatabase('nonces', (database) => {
  let opened: OpenedDatabase;
  let clock = 1_800_000_000_000;
  const now = () => clock;
  beforeAll(async () => {
    opened = await database.open();
  });
  afterAll(async () => {
    await opened?.close();
    await database.dispose();
  });

  it('claims once per (app_id, nonce) within the window', async () => {
    const store = createNonceStore({ writer: opened.writer, now });
    const exp = clock / 1000 + 300;
    expect(await store.claim('app_a', 'nonce-0000000001', exp)).toBe(true);
    expect(await store.claim('app_a', 'nonce-0000000001', exp)).toBe(false);
    expect(await store.claim('app_b', 'nonce-0000000001', exp)).toBe(true);
    store.stop();
  });

  it('an expired row may be reclaimed, and purge removes expired rows only', async () => {
    const store = createNonceStore({ writer: opened.writer, now });
    const t0 = clock / 1000;
    expect(await store.claim('app_p', 'old-nonce-000001', t0 + 10)).toBe(true);
    expect(await store.claim('app_p', 'new-nonce-000001', t0 + 1000)).toBe(true);
    clock += 20_000;
    expect(await store.claim('app_p', 'old-nonce-000001', t0 + 320)).toBe(true);
    clock += 400_000;
    expect(await store.purgeExpired()).toBeGreaterThanOrEqual(1);
    const left = await opened.db.selectFrom('nonces').select('nonce').where('app_id', '=', 'app_p').execute();
    expect(left.map((r) => r.nonce)).toEqual(['new-nonce-000001']);
    store.stop();
  });

  it.runIf(database.name === 'postgres')(
    'PostgreSQL: claims run on their own pool, as single statements committed with synchronous_commit off',
    async () => {
      const nonceDb = opened.nonceDb!;
      const { rows } = await sql<{ synchronous_commit: string }>`show synchronous_commit`.execute(nonceDb);
      expect(rows[0]?.synchronous_commit).toBe('off');
      const store = createNonceStore({ writer: opened.writer, db: nonceDb, now });
      const exp = clock / 1000 + 300;
      expect(await store.claim('app_pool', 'nonce-pool-00001', exp)).toBe(true);
      expect(await store.claim('app_pool', 'nonce-pool-00001', exp)).toBe(false);
      // The writer's (fully durable) connections see the claim: one table, two ways in.
      const seen = await opened.db
        .selectFrom('nonces')
        .select('nonce')
        .where('app_id', '=', 'app_pool')
        .execute();
      expect(seen).toHaveLength(1);
      store.stop();
    },
  );

  it.runIf(database.name === 'postgres')(
    'PostgreSQL: the claims of one tick go as one statement, and a pair named twice in it is owned once',
    async () => {
      const store = createNonceStore({ writer: opened.writer, db: opened.nonceDb!, now });
      const t0 = clock / 1000;
      expect(await store.claim('app_tick', 'expired-nonce-01', t0 + 10)).toBe(true);
      clock += 20_000;
      // Sent together: all in one batch (one setImmediate), as concurrent requests are.
      const claims = [
        store.claim('app_tick', 'tick-nonce-00001', t0 + 300),
        store.claim('app_tick', 'tick-nonce-00002', t0 + 300),
        store.claim('app_tick', 'tick-nonce-00001', t0 + 300), // the same request again: a replay
        store.claim('app_other', 'tick-nonce-00001', t0 + 300), // another App's nonce space
        store.claim('app_tick', 'expired-nonce-01', t0 + 320), // its earlier claim has expired
        store.claim('app_tick', 'expired-nonce-01', t0 + 320),
      ];
      expect(await Promise.all(claims)).toEqual([true, true, false, true, true, false]);
      // And the next tick sees every claim of this one.
      expect(await store.claim('app_tick', 'tick-nonce-00002', t0 + 300)).toBe(false);
      const rows = await opened.db
        .selectFrom('nonces')
        .select(['nonce', 'expires_at'])
        .where('app_id', '=', 'app_tick')
        .orderBy('nonce')
        .execute();
      expect(rows.map((r) => [r.nonce, Number(r.expires_at)])).toEqual([
        ['expired-nonce-01', t0 + 320],
        ['tick-nonce-00001', t0 + 300],
        ['tick-nonce-00002', t0 + 300],
      ]);
      store.stop();
    },
  );

  it('is structurally the protocol NonceStore', () => {
    const store: NonceStore = createNonceStore({ writer: opened.writer });
    expect(typeof store.claim).toBe('function');
  });
});
