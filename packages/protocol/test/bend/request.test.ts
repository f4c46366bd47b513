import { describe, expect, it } from 'vitest';
import {
  buildBendRequest,
  decryptBendData,
  extractBendAuth,
  MemoryNonceStore,
  ProtocolError,
  verifyBendRequest,
} from '../../src/index.ts';
import { APP_ID, appStore, KEYS, NOW, NOW_SECONDS } from '../helpers/bend-fixtures.ts';

const base = { appId: APP_ID, keys: KEYS, now: NOW };

describe('buildBendRequest', () => {
  it('headers transport, POST: auth headers, JSON body of data', () => {
    const r = buildBendRequest({ ...base, method: 'POST', params: { quantity: 2 } });
    expect(Object.keys(r.headers).sort()).toEqual(['App-ID', 'Content-Type', 'Nonce', 'Sign', 'Timestamp']);
    expect(r.headers['App-ID']).toBe(APP_ID);
    expect(r.headers['Timestamp']).toBe(NOW_SECONDS);
    expect(r.headers['Nonce']).toMatch(/^[A-Za-z0-9_-]{16,64}$/);
    expect(r.query).toEqual({});
    const body = JSON.parse(r.body!) as { data: string };
    expect(Object.keys(body)).toEqual(['data']);
    expect(decryptBendData(body.data, KEYS.secretKey)).toEqual({ ok: true, value: '{"quantity":2}' });
  });

  it('GET: params stringified into a JSON object of strings, undefined ones left out', () => {
    const r = buildBendRequest({
      ...base,
      method: 'GET',
      params: { page: 1, all: true, keyword: 'é', skip: undefined },
    });
    expect(r.body).toBeUndefined();
    expect(decryptBendData(r.query['data']!, KEYS.secretKey)).toEqual({
      ok: true,
      value: '{"page":"1","all":"true","keyword":"é"}',
    });
  });

  it('GET without params: data is "", nothing encrypted, no data param', () => {
    const r = buildBendRequest({ ...base, method: 'GET' });
    expect(r.query).toEqual({});
    const env = buildBendRequest({ ...base, method: 'GET', params: {}, transport: 'envelope' });
    expect(env.query['data']).toBe('');
  });

  it('envelope transport: five fields in the query (GET) or the body (POST), no auth headers', () => {
    const get = buildBendRequest({ ...base, method: 'GET', params: { page: '1' }, transport: 'envelope' });
    expect(Object.keys(get.query)).toEqual(['app_id', 'nonce', 'timestamp', 'data', 'sign']);
    expect(get.headers).toEqual({});
    const post = buildBendRequest({ ...base, method: 'POST', params: { a: 1 }, transport: 'envelope' });
    expect(Object.keys(JSON.parse(post.body!) as object)).toEqual([
      'app_id',
      'nonce',
      'timestamp',
      'data',
      'sign',
    ]);
    expect(post.headers).toEqual({ 'Content-Type': 'application/json' });
  });

  it('uses a fresh nonce and IV per request', () => {
    const a = buildBendRequest({ ...base, method: 'POST', params: {} });
    const b = buildBendRequest({ ...base, method: 'POST', params: {} });
    expect(a.headers['Nonce']).not.toBe(b.headers['Nonce']);
    expect(a.body).not.toBe(b.body);
  });

  it.each([
    ['a short Secret Key', { keys: { ...KEYS, secretKey: 'x' } }, 'ERR_INVALID_KEY'],
    ['a Sign Key with a dash', { keys: { ...KEYS, signKey: `${'x'.repeat(31)}-` } }, 'ERR_INVALID_KEY'],
    ['an app ID of the wrong form', { appId: 'app_XYZ' }, 'ERR_INVALID_ARGUMENT'],
    ['a nonce of 15 chars', { nonce: 'a'.repeat(15) }, 'ERR_INVALID_ARGUMENT'],
    ['an invalid Date', { now: new Date('nope') }, 'ERR_INVALID_ARGUMENT'],
    ['a GET param that is an object', { params: { filter: { a: 1 } } }, 'ERR_INVALID_ARGUMENT'],
    ['a GET param that is null', { params: { filter: null } }, 'ERR_INVALID_ARGUMENT'],
    ['params that are an array', { params: [] }, 'ERR_INVALID_ARGUMENT'],
  ])('throws ProtocolError for %s', (_label, over, errorCode) => {
    const call = () => buildBendRequest({ ...base, method: 'GET', ...(over as object) });
    expect(call).toThrow(ProtocolError);
    expect(call).toThrow(expect.objectContaining({ code: errorCode }));
  });

  it('throws ProtocolError for a POST body JSON cannot hold', () => {
    expect(() => buildBendRequest({ ...base, method: 'POST', params: { n: 1n } })).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }),
    );
  });

  describe('round trip: build → extract → verify, for each method and transport', () => {
    for (const method of ['GET', 'POST'] as const) {
      for (const transport of ['headers', 'envelope'] as const) {
        it(`${method} ${transport}`, async () => {
          const params = method === 'GET' ? { page: '2', page_size: '50' } : { goods_id: 'G1', quantity: 3 };
          const built = buildBendRequest({ ...base, method, params, transport });
          const fields = extractBendAuth({
            method,
            headers: built.headers,
            query: built.query,
            body: built.body === undefined ? undefined : built.body,
          });
          expect(fields.ok).toBe(true);
          const store = appStore();
          const r = await verifyBendRequest(fields.ok ? fields.value : ({} as never), {
            lookupApp: store.lookupApp,
            nonceStore: new MemoryNonceStore(),
            now: NOW,
            method,
          });
          expect(r).toEqual({ ok: true, value: { app: store.app, params } });
        });
      }
    }
  });
});
