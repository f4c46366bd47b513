/** Merchants (portal users) and Apps (B-End credentials) on each database. */
import { expect, it } from 'vitest';
import type { OpenedDatabase } from '../../src/db/dialect.ts';
import type { Services } from '../../src/services.ts';
import { createServices } from '../../src/services.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { newMerchant } from '../helpers/factories.ts';
import { codeOf, MASTER_KEY, servicesFor, useServices } from './fixtures.ts';

describeEachDatabase('merchants and apps', (database) => {
  let opened: OpenedDatabase;
  let s: Services;
  useServices(database, (o, services) => {
    opened = o;
    s = services;
  });

  it('creates a merchant with a scrypt-hashed login; email unique case-insensitively', async () => {
    const { merchantId, userId } = await s.merchants.create({
      email: 'Buyer@Example.COM',
      password: 'pa55word!',
      name: 'Acme',
      creditLimit: '10.00',
    });
    expect(await s.merchants.findByEmail('buyer@example.com')).toEqual({
      merchantId,
      userId,
      email: 'buyer@example.com',
      name: 'Acme',
      status: 'active',
      mustChangePassword: false,
    });
    expect(await s.merchants.findByEmail('nobody@example.com')).toBeNull();
    const row = await opened.db
      .selectFrom('merchant_users')
      .select('password_hash')
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(row.password_hash).not.toContain('pa55word!');
    expect(await s.merchants.authenticate('BUYER@example.com', 'pa55word!')).toMatchObject({ merchantId });
    expect(await s.merchants.authenticate('buyer@example.com', 'wrong')).toBeNull();
    expect(await s.merchants.authenticate('nobody@example.com', 'pa55word!')).toBeNull();
    expect(
      await codeOf(() =>
        s.merchants.create({
          email: 'buyer@EXAMPLE.com',
          password: 'xxxxxxxx',
          name: 'B',
          creditLimit: '1.00',
        }),
      ),
    ).toBe(4001);
  });

  it.each([
    { email: 'not-an-email', password: 'pa55word!', name: 'A', creditLimit: '1.00' },
    { email: 'a@b.co', password: 'short', name: 'A', creditLimit: '1.00' },
    { email: 'a@b.co', password: 'pa55word!', name: ' ', creditLimit: '1.00' },
    { email: 'a@b.co', password: 'pa55word!', name: 'A', creditLimit: '-1.00' },
    { email: 'a@b.co', password: 'pa55word!', name: 'A', creditLimit: '1.00', currency: 'usd' },
    // Not ISO 4217; and ISO codes whose amounts are not in cents (every amount here has 2 decimals).
    { email: 'a@b.co', password: 'pa55word!', name: 'A', creditLimit: '1.00', currency: 'XYZ' },
    { email: 'a@b.co', password: 'pa55word!', name: 'A', creditLimit: '1.00', currency: 'JPY' },
    { email: 'a@b.co', password: 'pa55word!', name: 'A', creditLimit: '1.00', currency: 'KWD' },
  ])('4001 for a bad merchant %j', async (input) => {
    expect(await codeOf(() => s.merchants.create(input))).toBe(4001);
  });

  it('issues credentials of the spec shape, sealed at rest, never listed', async () => {
    const m = await newMerchant(s);
    const app = await s.apps.create(m.merchantId, 'Shop');
    expect(app.app_id).toMatch(/^app_[0-9a-f]{24}$/);
    expect(app.secret_key).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(app.sign_key).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(app.secret_key).not.toBe(app.sign_key);
    const row = await opened.db
      .selectFrom('apps')
      .selectAll()
      .where('app_id', '=', app.app_id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(app.secret_key);
    expect(JSON.stringify(row)).not.toContain(app.sign_key);
    expect(row.secret_key_sealed).toMatch(/^v1\./);
    const list = await s.apps.list(m.merchantId);
    expect(list).toEqual([
      {
        app_id: app.app_id,
        name: 'Shop',
        status: 'active',
        created_at: expect.any(String),
        keys_rotated_at: expect.any(String),
        last_used_at: null,
      },
    ]);
    expect(await s.apps.lookupForAuth(app.app_id)).toEqual({
      appId: app.app_id,
      merchantId: m.merchantId,
      secretKey: app.secret_key,
      signKey: app.sign_key,
      status: 'active',
    });
    expect(await s.apps.lookupForAuth('app_000000000000000000000000')).toBeNull();
  });

  it('rotate issues new keys and the old ones stop working at once', async () => {
    const m = await newMerchant(s);
    const app = await s.apps.create(m.merchantId, 'Shop');
    await s.apps.lookupForAuth(app.app_id); // cached
    const rotated = await s.apps.rotate(m.merchantId, app.app_id);
    expect(rotated.app_id).toBe(app.app_id);
    expect(rotated.secret_key).not.toBe(app.secret_key);
    const auth = await s.apps.lookupForAuth(app.app_id);
    expect(auth).toMatchObject({ secretKey: rotated.secret_key, signKey: rotated.sign_key });
  });

  it('disable, merchant suspension → status disabled; another merchant cannot touch the app', async () => {
    const m = await newMerchant(s);
    const other = await newMerchant(s);
    const app = await s.apps.create(m.merchantId, 'Shop');
    await s.apps.lookupForAuth(app.app_id);
    expect((await s.apps.setStatus(m.merchantId, app.app_id, 'disabled')).status).toBe('disabled');
    expect((await s.apps.lookupForAuth(app.app_id))?.status).toBe('disabled');
    await s.apps.setStatus(m.merchantId, app.app_id, 'active');
    expect((await s.apps.lookupForAuth(app.app_id))?.status).toBe('active');
    await s.merchants.setStatus(m.merchantId, 'suspended');
    expect((await s.apps.lookupForAuth(app.app_id))?.status).toBe('disabled');
    await s.merchants.setStatus(m.merchantId, 'active');
    expect((await s.apps.lookupForAuth(app.app_id))?.status).toBe('active');
    expect(await codeOf(() => s.apps.rotate(other.merchantId, app.app_id))).toBe(4001);
    expect(await codeOf(() => s.apps.setStatus(other.merchantId, app.app_id, 'disabled'))).toBe(4001);
    expect(await s.apps.list(other.merchantId)).toEqual([]);
  });

  it("another process's rotation takes effect within the cache TTL", async () => {
    const a = createServices({
      db: opened.db,
      writer: opened.writer,
      masterKey: MASTER_KEY,
      dialect: opened.dialect,
      // Long enough that the rotation and the second lookup fall inside it on a loaded machine
      // (150 ms did not on CI: the cache had expired before "still cached" was asked).
      authCacheTtlMs: 1_000,
    });
    const b = servicesFor(opened);
    const m = await newMerchant(s);
    const app = await b.apps.create(m.merchantId, 'Shop');
    expect((await a.apps.lookupForAuth(app.app_id))?.secretKey).toBe(app.secret_key);
    const rotated = await b.apps.rotate(m.merchantId, app.app_id);
    expect((await a.apps.lookupForAuth(app.app_id))?.secretKey).toBe(app.secret_key); // still cached
    await new Promise((r) => setTimeout(r, 1_100));
    expect((await a.apps.lookupForAuth(app.app_id))?.secretKey).toBe(rotated.secret_key);
  });

  it('a different master key cannot open the sealed keys', async () => {
    const m = await newMerchant(s);
    const app = await s.apps.create(m.merchantId, 'Shop');
    const wrong = createServices({
      db: opened.db,
      writer: opened.writer,
      masterKey: Buffer.alloc(32, 9),
      dialect: opened.dialect,
    });
    await expect(wrong.apps.lookupForAuth(app.app_id)).rejects.toThrow();
  });
});
