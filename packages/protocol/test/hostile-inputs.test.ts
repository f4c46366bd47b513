import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  decryptBendData,
  extractBendAuth,
  MemoryNonceStore,
  parseActionTimestamp,
  parseWalltechAuthorization,
  parseWalltechDate,
  verifyActionRequest,
  verifyBendRequest,
  verifyBendResponse,
  verifyWalltechRequest,
} from '../src/index.ts';
import { APP_ID, appStore, KEYS, NOW } from './helpers/bend-fixtures.ts';

// Whatever a peer can put on the wire, and then some: every verifier must answer with its own typed
// failure, never an exception.
const HOSTILE: unknown[] = [
  undefined,
  null,
  0,
  Number.NaN,
  true,
  '',
  ' ',
  'x',
  '::',
  'WallTech a:b:c',
  '%',
  '%E0%A4%A',
  '\uD800',
  '\u0000',
  [],
  ['a', 'b'],
  [['a']],
  {},
  { data: 5 },
  Object.create(null) as object,
  Symbol('s'),
  12n,
  {
    toString() {
      throw new Error('toString');
    },
  },
  'A'.repeat(1024 * 1024),
  randomBytes(1024 * 1024).toString('base64'),
  `${randomBytes(40).toString('base64')}=`,
];

describe('no hostile input makes a verifier, parser or decryptor throw', () => {
  it('decryptBendData → 1006', () => {
    for (const v of HOSTILE)
      expect(decryptBendData(v as string, KEYS.secretKey)).toMatchObject({ ok: false, code: 1006 });
  });

  it('extractBendAuth → 1004', () => {
    for (const v of HOSTILE) {
      for (const method of ['GET', 'POST']) {
        const reqs = [
          { method, headers: v, query: v, body: v },
          {
            method,
            headers: { 'App-ID': v, Timestamp: v, Nonce: v, Sign: v },
            query: { data: v },
            body: { data: v },
          },
          { method, headers: {}, query: { app_id: v, nonce: v, timestamp: v, data: v, sign: v }, body: v },
          { method, headers: {}, query: {}, body: { app_id: v, nonce: v, timestamp: v, data: v, sign: v } },
        ];
        for (const req of reqs)
          expect(extractBendAuth(req as never)).toMatchObject({ ok: false, code: 1004 });
      }
    }
  });

  it('verifyBendRequest → 1004 (fields) or 1001/1006 (stored keys)', async () => {
    const store = appStore();
    for (const v of HOSTILE) {
      const fields = { app_id: v, nonce: v, timestamp: v, data: v, sign: v };
      for (const f of [v, fields]) {
        const r = await verifyBendRequest(f as never, {
          lookupApp: store.lookupApp,
          nonceStore: new MemoryNonceStore(),
          now: NOW,
        });
        expect(r).toMatchObject({ ok: false, code: 1004 });
      }
      const badKeys = appStore({ secretKey: v as string, signKey: v as string });
      const good = {
        app_id: APP_ID,
        nonce: 'n'.repeat(16),
        timestamp: String(NOW.getTime() / 1000),
        data: '',
        sign: 'a'.repeat(64),
      };
      const r = await verifyBendRequest(good, {
        lookupApp: badKeys.lookupApp,
        nonceStore: new MemoryNonceStore(),
        now: NOW,
      });
      expect(r).toMatchObject({ ok: false, code: 1001 });
    }
  });

  it('verifyBendResponse → 1004', () => {
    for (const v of HOSTILE) {
      expect(verifyBendResponse(v, { appId: APP_ID, keys: KEYS })).toMatchObject({ ok: false, code: 1004 });
    }
  });

  it('verifyActionRequest → E001 or E005', async () => {
    for (const v of HOSTILE) {
      const r = await verifyActionRequest(v as string, {
        lookupKey: async () => ({ apiKey: v as string }),
        now: NOW,
      });
      expect(r.ok).toBe(false);
      if (!r.ok) expect([1, 5]).toContain(r.error.errorCode);
    }
  });

  it('verifyWalltechRequest → 1004 (headers) or 1001 (stored secret)', async () => {
    for (const v of HOSTILE) {
      const headerBags = [
        v,
        { Authorization: v, 'X-WallTech-Date': v },
        { authorization: v, 'x-walltech-date': 'Thu, 06 Aug 2020 06:01:26 GMT' },
      ];
      for (const headers of headerBags) {
        const r = await verifyWalltechRequest({ method: v, url: v, headers } as never, {
          lookupToken: async () => null,
          now: NOW,
        });
        expect(r).toMatchObject({ ok: false, code: 1004 });
      }
    }
  });

  it('parsers → null', () => {
    for (const v of HOSTILE) {
      expect(parseActionTimestamp(v as string)).toBeNull();
      expect(parseWalltechDate(v as string)).toBeNull();
      expect(parseWalltechAuthorization(v as string)).toBeNull();
    }
  });
});
