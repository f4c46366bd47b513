import { describe, expect, it } from 'vitest';
import { encryptBendData, signBend, verifyBendRequest, type BendAuthFields } from '../../src/index.ts';
import { APP_ID, appStore, KEYS, NOW, NOW_SECONDS, spyNonceStore } from '../helpers/bend-fixtures.ts';

let counter = 0;
function request(
  over: Partial<BendAuthFields> & { plaintext?: string; signKey?: string } = {},
): BendAuthFields {
  const data =
    over.data ??
    (over.plaintext === undefined
      ? encryptBendData('{"page":"1"}', KEYS.secretKey)
      : encryptBendData(over.plaintext, KEYS.secretKey));
  const f = {
    app_id: over.app_id ?? APP_ID,
    nonce: over.nonce ?? `nonce_${String(++counter).padStart(10, '0')}`,
    timestamp: over.timestamp ?? NOW_SECONDS,
    data,
  };
  return { ...f, sign: over.sign ?? signBend(f, over.signKey ?? KEYS.signKey) };
}

async function verify(
  fields: unknown,
  opts: {
    store?: ReturnType<typeof appStore>;
    nonces?: ReturnType<typeof spyNonceStore>;
    now?: Date;
    windowSeconds?: number;
    method?: string;
  } = {},
) {
  const store = opts.store ?? appStore();
  return verifyBendRequest(fields as BendAuthFields, {
    lookupApp: store.lookupApp,
    nonceStore: opts.nonces ?? spyNonceStore(),
    now: opts.now ?? NOW,
    ...(opts.windowSeconds === undefined ? {} : { windowSeconds: opts.windowSeconds }),
    ...(opts.method === undefined ? {} : { method: opts.method }),
  });
}

describe('verifyBendRequest', () => {
  it('accepts a good request and returns the app and the decrypted params', async () => {
    const store = appStore();
    const r = await verify(request(), { store });
    expect(r).toEqual({ ok: true, value: { app: store.app, params: { page: '1' } } });
  });

  it('returns params {} when data is ""', async () => {
    const r = await verify(request({ data: '' }));
    expect(r.ok && r.value.params).toEqual({});
  });

  it('accepts an upper-case hex sign (same bytes)', async () => {
    const f = request();
    expect((await verify({ ...f, sign: f.sign.toUpperCase() })).ok).toBe(true);
  });

  describe('1004 missing or malformed fields', () => {
    const good = request();
    it.each([
      ['not an object', null],
      ['a string', 'app_id=…'],
      ['app_id missing', { ...good, app_id: undefined }],
      ['app_id upper-case hex', { ...good, app_id: APP_ID.toUpperCase().replace('APP_', 'app_') }],
      ['app_id 23 hex', { ...good, app_id: APP_ID.slice(0, -1) }],
      ['nonce missing', { ...good, nonce: '' }],
      ['nonce 15 chars', { ...good, nonce: 'a'.repeat(15) }],
      ['nonce 65 chars', { ...good, nonce: 'a'.repeat(65) }],
      ['nonce with a dot', { ...good, nonce: 'a'.repeat(15) + '.' }],
      ['timestamp with a fraction', { ...good, timestamp: `${NOW_SECONDS}.5` }],
      ['timestamp negative', { ...good, timestamp: '-1' }],
      ['timestamp with spaces', { ...good, timestamp: ` ${NOW_SECONDS}` }],
      ['timestamp in ISO form', { ...good, timestamp: NOW.toISOString() }],
      ['timestamp as a number', { ...good, timestamp: Number(NOW_SECONDS) }],
      ['data missing', { ...good, data: undefined }],
      ['data as an object', { ...good, data: { a: 1 } }],
      ['sign 63 hex', { ...good, sign: good.sign.slice(1) }],
      ['sign not hex', { ...good, sign: 'g'.repeat(64) }],
      ['sign as an array', { ...good, sign: [good.sign] }],
    ])('%s', async (_label, fields) => {
      const store = appStore();
      const r = await verify(fields, { store });
      expect(r.ok).toBe(false);
      expect(!r.ok && r.code).toBe(1004);
      expect(store.lookups).toEqual([]);
    });
  });

  it('1002 for an unknown App, before the timestamp is looked at', async () => {
    const r = await verify(request({ app_id: 'app_ffffffffffffffffffffffff', timestamp: '1' }));
    expect(r).toEqual({ ok: false, code: 1002, message: 'App not found' });
  });

  it('1003 for a disabled App, before timestamp and sign', async () => {
    const store = appStore({ status: 'disabled' });
    const r = await verify(request({ timestamp: '1', sign: '0'.repeat(64) }), { store });
    expect(r).toEqual({ ok: false, code: 1003, message: 'App disabled' });
  });

  describe('1005 timestamp window', () => {
    const at = (offset: number) => String(Number(NOW_SECONDS) + offset);
    it.each([
      [300, true],
      [-300, true],
      [301, false],
      [-301, false],
    ])('offset %i s with the default 300 s window → ok %s', async (offset, ok) => {
      const r = await verify(request({ timestamp: at(offset) }));
      expect(r.ok ? 0 : r.code).toBe(ok ? 0 : 1005);
    });

    it('honours windowSeconds', async () => {
      expect((await verify(request({ timestamp: at(-60) }), { windowSeconds: 30 })).ok).toBe(false);
      expect((await verify(request({ timestamp: at(-600) }), { windowSeconds: 900 })).ok).toBe(true);
    });

    it('rejects milliseconds sent by mistake and checks before the sign', async () => {
      const r = await verify(request({ timestamp: String(NOW.getTime()), sign: 'f'.repeat(64) }));
      expect(r).toEqual({ ok: false, code: 1005, message: 'Invalid timestamp' });
    });
  });

  describe('1001 sign mismatch', () => {
    it('for a sign made with another key', async () => {
      const r = await verify(request({ signKey: 'Z'.repeat(32) }));
      expect(r).toEqual({ ok: false, code: 1001, message: 'Invalid signature' });
    });

    it('for data swapped after signing', async () => {
      const f = request();
      const r = await verify({ ...f, data: encryptBendData('{"page":"2"}', KEYS.secretKey) });
      expect(!r.ok && r.code).toBe(1001);
    });

    it('when the stored Sign Key is malformed, without throwing', async () => {
      for (const signKey of ['short', '', undefined as unknown as string]) {
        const r = await verify(request(), { store: appStore({ signKey }) });
        expect(!r.ok && r.code).toBe(1001);
      }
    });

    it('does not claim the nonce, so the genuine request still goes through', async () => {
      const nonces = spyNonceStore();
      const f = request();
      expect((await verify({ ...f, sign: '0'.repeat(64) }, { nonces })).ok).toBe(false);
      expect(nonces.claims).toEqual([]);
      expect((await verify(f, { nonces })).ok).toBe(true);
    });
  });

  describe('1007 replay', () => {
    it('refuses the same (app_id, nonce) twice, claiming until timestamp + window', async () => {
      const nonces = spyNonceStore();
      const f = request({ timestamp: String(Number(NOW_SECONDS) - 10) });
      expect((await verify(f, { nonces, windowSeconds: 120 })).ok).toBe(true);
      expect(await verify(f, { nonces, windowSeconds: 120 })).toEqual({
        ok: false,
        code: 1007,
        message: 'Replayed request',
      });
      expect(nonces.claims).toEqual([
        [APP_ID, f.nonce, Number(NOW_SECONDS) - 10 + 120],
        [APP_ID, f.nonce, Number(NOW_SECONDS) - 10 + 120],
      ]);
    });

    it('refuses a reused nonce even with new data and a new sign', async () => {
      const nonces = spyNonceStore();
      const first = request();
      await verify(first, { nonces });
      const second = request({ nonce: first.nonce, plaintext: '{"page":"9"}' });
      expect(!(await verify(second, { nonces })).ok && nonces.claims.length).toBe(2);
    });
  });

  describe('1006 data that does not decrypt to JSON (sign valid)', () => {
    it.each([
      ['not Base64', 'not base64!'],
      ['under another Secret Key', encryptBendData('{}', 'Q'.repeat(32))],
      ['not JSON', encryptBendData('{page:1}', KEYS.secretKey)],
      ['empty plaintext', encryptBendData('', KEYS.secretKey)],
    ])('%s', async (_label, data) => {
      expect(await verify(request({ data }))).toEqual({
        ok: false,
        code: 1006,
        message: 'Decryption failed',
      });
    });

    // bend-v1 step 6 is Base64, GCM and UTF-8 JSON; what the JSON says is step 7's (business
    // validation), answered encrypted to the App: the result carries it.
    it.each([
      ['a JSON array', '[1,2]'],
      ['JSON null', 'null'],
      ['a JSON string', '"x"'],
      ['a JSON number', '42'],
    ])('4001 with the App for %s', async (_label, plaintext) => {
      const r = await verify(request({ data: encryptBendData(plaintext, KEYS.secretKey) }));
      expect(r).toMatchObject({
        ok: false,
        code: 4001,
        message: 'Invalid parameters: data must decrypt to a JSON object',
        app: { appId: expect.any(String) },
      });
    });

    it('when the stored Secret Key is malformed, without throwing', async () => {
      const r = await verify(request(), { store: appStore({ secretKey: 'nope' }) });
      expect(r).toEqual({ ok: false, code: 1006, message: 'Decryption failed' });
    });
  });

  describe("method: 'GET' requires an object of strings", () => {
    it('accepts strings', async () => {
      expect((await verify(request({ plaintext: '{"page":"1","keyword":"é"}' }), { method: 'GET' })).ok).toBe(
        true,
      );
    });

    it('4001 for a non-string value, carrying the app for an encrypted answer', async () => {
      const store = appStore();
      const r = await verify(request({ plaintext: '{"page":1}' }), { method: 'GET', store });
      expect(r).toEqual({
        ok: false,
        code: 4001,
        message: 'Invalid parameters: GET parameter "page" must be a string',
        app: store.app,
      });
    });

    it('leaves POST bodies alone', async () => {
      const r = await verify(request({ plaintext: '{"quantity":1}' }), { method: 'POST' });
      expect(r.ok && r.value.params).toEqual({ quantity: 1 });
    });
  });

  it('propagates a failing lookup (a server fault, not the caller’s)', async () => {
    await expect(
      verifyBendRequest(request(), {
        lookupApp: () => Promise.reject(new Error('db down')),
        nonceStore: spyNonceStore(),
        now: NOW,
      }),
    ).rejects.toThrow('db down');
  });
});
