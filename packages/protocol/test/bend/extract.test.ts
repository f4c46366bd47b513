import { describe, expect, it } from 'vitest';
import { extractBendAuth } from '../../src/index.ts';
import { APP_ID, NOW_SECONDS } from '../helpers/bend-fixtures.ts';

const NONCE = 'abcdefghijklmnop';
const SIGN = 'a'.repeat(64);
const DATA = 'AAAA';
const FIELDS = { app_id: APP_ID, nonce: NONCE, timestamp: NOW_SECONDS, data: DATA, sign: SIGN };
const HEADERS = { 'App-ID': APP_ID, Timestamp: NOW_SECONDS, Nonce: NONCE, Sign: SIGN };

type Req = Parameters<typeof extractBendAuth>[0];
const req = (over: Partial<Req>): Req => ({
  method: 'GET',
  headers: {},
  query: {},
  body: undefined,
  ...over,
});
const code = (r: ReturnType<typeof extractBendAuth>) => (r.ok ? 0 : r.code);

describe('extractBendAuth', () => {
  describe('headers transport', () => {
    it('GET: data from the query', () => {
      expect(extractBendAuth(req({ headers: HEADERS, query: { data: DATA } }))).toEqual({
        ok: true,
        value: FIELDS,
      });
    });

    it('GET: reads query dictionaries built on a null-prototype base (Fastify / fast-querystring)', () => {
      function Empty() {}
      Empty.prototype = Object.create(null);
      const query = new (Empty as unknown as new () => Record<string, string>)();
      query['data'] = DATA;
      expect(extractBendAuth(req({ headers: HEADERS, query }))).toEqual({ ok: true, value: FIELDS });
    });

    it('GET without data: data is ""', () => {
      expect(extractBendAuth(req({ headers: HEADERS }))).toEqual({
        ok: true,
        value: { ...FIELDS, data: '' },
      });
    });

    it('POST: data from the parsed JSON body, raw JSON text or raw bytes', () => {
      for (const body of [
        { data: DATA },
        JSON.stringify({ data: DATA }),
        Buffer.from(JSON.stringify({ data: DATA })),
      ]) {
        expect(extractBendAuth(req({ method: 'POST', headers: HEADERS, body }))).toEqual({
          ok: true,
          value: FIELDS,
        });
      }
    });

    it('reads header names in any case, as Node lower-cases them', () => {
      const headers = { 'app-id': APP_ID, TIMESTAMP: NOW_SECONDS, nonce: NONCE, sIgN: SIGN };
      expect(extractBendAuth(req({ method: 'post', headers, body: { data: DATA } }))).toEqual({
        ok: true,
        value: FIELDS,
      });
    });

    it('takes a one-element header array as its value', () => {
      const r = extractBendAuth(req({ headers: { ...HEADERS, Nonce: [NONCE] }, query: { data: DATA } }));
      expect(r).toEqual({ ok: true, value: FIELDS });
    });

    it.each([
      ['a header missing', { headers: { ...HEADERS, Sign: undefined } }],
      ['a repeated header (array)', { headers: { ...HEADERS, Nonce: [NONCE, NONCE] } }],
      ['an empty header array', { headers: { ...HEADERS, Nonce: [] } }],
      ['the same header twice in different case', { headers: { ...HEADERS, nonce: NONCE } }],
      ['a malformed timestamp', { headers: { ...HEADERS, Timestamp: '17e8' } }],
      ['a repeated data query param', { headers: HEADERS, query: { data: [DATA, DATA] } }],
      ['POST without a body', { method: 'POST', headers: HEADERS }],
      ['POST with a non-JSON body', { method: 'POST', headers: HEADERS, body: 'data=AAAA' }],
      ['POST with a JSON array body', { method: 'POST', headers: HEADERS, body: '[{"data":"AAAA"}]' }],
      ['POST with a numeric data', { method: 'POST', headers: HEADERS, body: { data: 5 } }],
    ])('1004 for %s', (_label, over) => {
      expect(code(extractBendAuth(req(over as Partial<Req>)))).toBe(1004);
    });

    it('a POST body that is not a JSON object is named as such, not as a missing data header', () => {
      for (const body of [undefined, '{not json', '[{"data":"AAAA"}]'])
        expect(extractBendAuth(req({ method: 'POST', headers: HEADERS, body }))).toEqual({
          ok: false,
          code: 1004,
          message: 'Malformed auth header: data travels as the JSON body {"data":"…"}',
        });
    });

    it('4001 for plain query params beside data, naming them', () => {
      const r = extractBendAuth(req({ headers: HEADERS, query: { data: DATA, page: '2' } }));
      expect(r).toEqual({ ok: false, code: 4001, message: expect.stringContaining('page') as string });
    });

    it('4001 for plain fields beside data in a POST body, and for a query on a POST', () => {
      expect(
        code(extractBendAuth(req({ method: 'POST', headers: HEADERS, body: { data: DATA, quantity: 1 } }))),
      ).toBe(4001);
      expect(
        code(
          extractBendAuth(req({ method: 'POST', headers: HEADERS, query: { x: '1' }, body: { data: DATA } })),
        ),
      ).toBe(4001);
    });

    it('1004 wins over 4001 (the first failure decides)', () => {
      expect(
        code(extractBendAuth(req({ headers: { ...HEADERS, Sign: 'x' }, query: { data: DATA, page: '2' } }))),
      ).toBe(1004);
    });

    it('keeps the 4001 message short whatever the peer sends', () => {
      const query = Object.fromEntries(
        Array.from({ length: 100 }, (_, i) => [`${'p'.repeat(1000)}${i}`, 'v']),
      );
      const r = extractBendAuth(req({ headers: HEADERS, query }));
      expect(!r.ok && r.message.length).toBeLessThan(400);
    });
  });

  describe('envelope transport', () => {
    it('POST: the five fields in the JSON body', () => {
      expect(extractBendAuth(req({ method: 'POST', body: { ...FIELDS } }))).toEqual({
        ok: true,
        value: FIELDS,
      });
    });

    it('GET: the five fields in the query; data may be empty or absent', () => {
      expect(extractBendAuth(req({ query: { ...FIELDS } }))).toEqual({ ok: true, value: FIELDS });
      expect(extractBendAuth(req({ query: { ...FIELDS, data: '' } }))).toEqual({
        ok: true,
        value: { ...FIELDS, data: '' },
      });
      const noData: Partial<typeof FIELDS> = { ...FIELDS };
      delete noData.data;
      expect(extractBendAuth(req({ query: noData }))).toEqual({ ok: true, value: { ...FIELDS, data: '' } });
    });

    it('accepts a null-prototype query object (as Node’s querystring makes)', () => {
      const query = Object.assign(Object.create(null) as Record<string, string>, FIELDS);
      expect(extractBendAuth(req({ query }))).toEqual({ ok: true, value: FIELDS });
    });

    it.each([
      ['nothing at all', {}],
      ['a field missing', { query: { ...FIELDS, sign: undefined } }],
      ['a repeated query field', { query: { ...FIELDS, app_id: [APP_ID, APP_ID] } }],
      ['a non-string body field', { method: 'POST', body: { ...FIELDS, timestamp: 1763812345 } }],
      ['an array body field', { method: 'POST', body: { ...FIELDS, sign: [SIGN] } }],
      ['POST without data', { method: 'POST', body: { ...FIELDS, data: undefined } }],
      ['the fields in the query of a POST', { method: 'POST', query: { ...FIELDS } }],
    ])('1004 for %s', (_label, over) => {
      expect(code(extractBendAuth(req(over as Partial<Req>)))).toBe(1004);
    });

    it('4001 for plain params beside the envelope', () => {
      expect(code(extractBendAuth(req({ query: { ...FIELDS, page: '1' } })))).toBe(4001);
      expect(code(extractBendAuth(req({ method: 'POST', body: { ...FIELDS, page: '1' } })))).toBe(4001);
    });
  });

  it('never throws on hostile request shapes', () => {
    const shapes = [
      null,
      undefined,
      42,
      'x',
      [],
      { method: 5 },
      { headers: null, query: null, body: null, method: 'GET' },
    ];
    for (const shape of shapes) expect(code(extractBendAuth(shape as unknown as Req))).toBe(1004);
  });
});
