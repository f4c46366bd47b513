/**
 * #13 item 5: passwords at scrypt N=2^17, r=8, p=1; an older hash is replaced at the next
 * successful sign-in; hashing runs off the event loop, at most two at a time, with a bounded queue;
 * an unknown e-mail costs the same scrypt as a known one.
 */
import { execFileSync } from 'node:child_process';
import { scryptSync } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenedDatabase } from '../../src/db/dialect.ts';
import { createServices, type Services } from '../../src/services.ts';
import {
  DEFAULT_COST,
  DUMMY_HASH,
  PASSWORD_PARAMS,
  hashPassword,
  hashingLoad,
  needsRehash,
  verifyPassword,
} from '../../src/shared/password.ts';
import { eachDatabase } from '../helpers/databases.ts';
import { newMerchant, TEST_PASSWORD } from '../helpers/factories.ts';

const passwordModule = fileURLToPath(new URL('../../src/shared/password.ts', import.meta.url));

describe('password hashing', () => {
  it('defaults to N=2^17, r=8, p=1: a real hash in a fresh process, with DUMMY_HASH at the same cost and the event loop free', () => {
    expect(DEFAULT_COST).toBe(17);
    // A child without the suite's TRADEPOST_SCRYPT_COST: the production default, for real.
    const script = `
      const { hashPassword, verifyPassword, DUMMY_HASH } = await import(${JSON.stringify(passwordModule)});
      let last = performance.now(), maxLag = 0;
      const t = setInterval(() => { const now = performance.now(); maxLag = Math.max(maxLag, now - last - 5); last = now; }, 5);
      const started = performance.now();
      const h = await hashPassword('pa55word!');
      const ms = performance.now() - started;
      const ok = await verifyPassword('pa55word!', h), bad = await verifyPassword('pa55word?', h);
      clearInterval(t);
      console.log(JSON.stringify({ h, ok, bad, dummy: DUMMY_HASH, ms, maxLag }));`;
    const env = { ...process.env };
    delete env.TRADEPOST_SCRYPT_COST;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      env,
      encoding: 'utf8',
    });
    const r = JSON.parse(out.trim().split('\n').pop()!) as {
      h: string;
      ok: boolean;
      bad: boolean;
      dummy: string;
      ms: number;
      maxLag: number;
    };
    expect(r.h).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect(r.dummy).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect([r.ok, r.bad]).toEqual([true, false]);
    // The hash took hundreds of ms on the threadpool; the loop kept ticking every few ms meanwhile.
    expect(r.ms).toBeGreaterThan(50);
    expect(r.maxLag).toBeLessThan(Math.max(100, r.ms / 4));
  });

  it('DUMMY_HASH has the current cost, and needsRehash spots any other cost', async () => {
    const { N, r, p } = PASSWORD_PARAMS;
    expect(DUMMY_HASH.startsWith(`scrypt$${N}$${r}$${p}$`)).toBe(true);
    expect(needsRehash(await hashPassword('x'))).toBe(false);
    expect(needsRehash(`scrypt$${N * 2}$8$1$AAAA$AAAA`)).toBe(true);
    expect(needsRehash('scrypt$16384$4$1$AAAA$AAAA')).toBe(r !== 4);
    expect(needsRehash('garbage')).toBe(true);
  });

  it('a stored hash with absurd parameters is refused without running it', async () => {
    expect(await verifyPassword('x', 'scrypt$1073741824$8$1$AAAA$AAAA')).toBe(false);
    expect(await verifyPassword('x', 'scrypt$1000$8$1$AAAA$AAAA')).toBe(false);
  });

  it('at most two hashes run at once; past 32 waiting, a sign-in is refused at once with 4029', async () => {
    let peak = 0;
    const watch = setInterval(() => (peak = Math.max(peak, hashingLoad().running)), 1);
    const results = await Promise.allSettled(
      Array.from({ length: 40 }, () => verifyPassword('x', DUMMY_HASH)),
    );
    clearInterval(watch);
    const refused = results.filter((x) => x.status === 'rejected');
    expect(refused.length).toBe(40 - 2 - 32);
    for (const x of refused) expect((x as PromiseRejectedResult).reason).toMatchObject({ code: 4029 });
    expect(peak).toBeLessThanOrEqual(2);
    expect(hashingLoad()).toEqual({ running: 0, waiting: 0 });
  });
});

describe.each(eachDatabase())('sign-in rehash on $name', (database) => {
  let opened: OpenedDatabase;
  let services: Services;
  beforeAll(async () => {
    opened = await database.open();
    services = createServices({
      db: opened.db,
      writer: opened.writer,
      masterKey: Buffer.alloc(32, 7),
      dialect: opened.dialect,
    });
  });
  afterAll(async () => {
    services?.close();
    await opened?.close();
    await database.dispose();
  });

  const storedHash = async (email: string) =>
    (
      await opened.db
        .selectFrom('merchant_users')
        .select('password_hash')
        .where('email', '=', email)
        .executeTakeFirstOrThrow()
    ).password_hash;

  it('an older-cost hash verifies, is replaced on that sign-in, and only then', async () => {
    const m = await newMerchant(services, '10.00');
    // What an earlier release stored: the same password at another N.
    const salt = Buffer.alloc(16, 3);
    const oldN = PASSWORD_PARAMS.N * 2;
    const old = `scrypt$${oldN}$8$1$${salt.toString('base64')}$${scryptSync(TEST_PASSWORD.normalize('NFKC'), salt, 32, { N: oldN, r: 8, p: 1, maxmem: 512 * oldN * 8 }).toString('base64')}`;
    await opened.db
      .updateTable('merchant_users')
      .set({ password_hash: old })
      .where('email', '=', m.email)
      .execute();

    expect(await services.merchants.authenticate(m.email, 'wrong password')).toBeNull();
    expect(await storedHash(m.email)).toBe(old);

    expect(await services.merchants.authenticate(m.email, TEST_PASSWORD)).toMatchObject({
      merchantId: m.merchantId,
      rehashed: true,
    });
    const fresh = await storedHash(m.email);
    expect(fresh).not.toBe(old);
    expect(needsRehash(fresh)).toBe(false);
    expect(await services.merchants.authenticate(m.email, TEST_PASSWORD)).toMatchObject({ rehashed: false });
    expect(await storedHash(m.email)).toBe(fresh);
  });
});
