import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ACTION_ERRORS, actionError, buildActionQuery, verifyActionRequest } from '../../src/index.ts';

const API_KEY = '0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c';
const USER = 'buyer@example.com';
const NOW = new Date('2026-11-22T18:41:00Z');

function lookup(key: unknown = { apiKey: API_KEY, readOnly: false }) {
  const asked: string[] = [];
  return {
    asked,
    lookupKey: async (userId: string) => {
      asked.push(userId);
      return userId === USER ? (key as { apiKey: string }) : null;
    },
  };
}

function query(
  over: {
    params?: Record<string, string>;
    format?: 'JSON' | 'XML';
    timestamp?: Date | string;
    version?: string;
    apiKey?: string;
  } = {},
) {
  return buildActionQuery({ action: 'GetProducts', userId: USER, apiKey: API_KEY, timestamp: NOW, ...over });
}

async function verify(raw: string, opts: { key?: unknown; now?: Date; windowSeconds?: number } = {}) {
  const l = lookup(opts.key);
  return verifyActionRequest(raw, {
    lookupKey: l.lookupKey,
    now: opts.now ?? NOW,
    ...(opts.windowSeconds === undefined ? {} : { windowSeconds: opts.windowSeconds }),
  });
}

/** Replaces one parameter on the wire, keeping the (now stale) signature. */
const withParam = (raw: string, name: string, value: string | null) =>
  raw
    .split('&')
    .filter((p) => !p.startsWith(`${name}=`))
    .concat(value === null ? [] : [`${name}=${value}`])
    .join('&');

describe('verifyActionRequest', () => {
  it('accepts a signed request and returns key, action, format and params', async () => {
    const r = await verify(query({ params: { Page: '2' }, format: 'XML' }));
    expect(r).toEqual({
      ok: true,
      value: {
        key: { apiKey: API_KEY, readOnly: false },
        action: 'GetProducts',
        format: 'XML',
        params: {
          Action: 'GetProducts',
          UserID: USER,
          Version: '1.0',
          Timestamp: '2026-11-22T18:41:00+00:00',
          Format: 'XML',
          Page: '2',
        },
      },
    });
  });

  it('accepts signatures whatever the client escaped on the wire', async () => {
    const qs = query({ params: { Note: "it's (ok)! a b" } });
    const lax = qs
      .replace('%27', "'")
      .replace('%28', '(')
      .replace('%29', ')')
      .replace('%21', '!')
      .replace('%20', '+')
      .replace('%40', '@');
    expect(lax).not.toBe(qs);
    expect((await verify(lax)).ok).toBe(true);
  });

  describe('E001 mandatory parameters, in order', () => {
    it.each(['Action', 'UserID', 'Version', 'Timestamp', 'Signature'])('%s missing', async (name) => {
      const r = await verify(withParam(query(), name, null));
      expect(r).toMatchObject({
        ok: false,
        error: { errorCode: 1, message: `E001: Parameter ${name} is mandatory` },
      });
    });

    it('an empty value counts as missing', async () => {
      const r = await verify(withParam(query(), 'Timestamp', ''));
      expect(r).toMatchObject({
        ok: false,
        error: { errorCode: 1, message: 'E001: Parameter Timestamp is mandatory' },
      });
    });

    it('an empty query', async () => {
      expect(await verify('')).toEqual({ ok: false, error: actionError('E001', 'Action'), format: 'JSON' });
    });
  });

  it('E002 for a Version other than 1.0', async () => {
    const r = await verify(query({ version: '2.0' }));
    expect(r).toEqual({
      ok: false,
      error: { errorCode: 2, message: 'E002: Invalid Version' },
      action: 'GetProducts',
      format: 'JSON',
    });
  });

  it('E004 for a Timestamp it cannot parse', async () => {
    const r = await verify(withParam(query(), 'Timestamp', '2026-11-22%2018%3A41'));
    expect(r).toMatchObject({
      ok: false,
      error: { errorCode: 4, message: 'E004: Invalid Timestamp format' },
    });
  });

  describe('E003 timestamp window', () => {
    it.each([
      [300, true],
      [-300, true],
      [301, false],
      [-301, false],
    ])('%i s off with the default window → ok %s', async (offset, ok) => {
      const r = await verify(query({ timestamp: new Date(NOW.getTime() + offset * 1000) }));
      expect(r.ok ? 0 : r.error.errorCode).toBe(ok ? 0 : 3);
    });

    it('honours windowSeconds and other offsets', async () => {
      expect(
        (await verify(query({ timestamp: '2026-11-22T20:39:59+02:00' }), { windowSeconds: 60 })).ok,
      ).toBe(false);
      expect((await verify(query({ timestamp: '2026-11-22T20:41+0200' }), { windowSeconds: 60 })).ok).toBe(
        true,
      );
    });

    it('answers E003 before looking up the user', async () => {
      const l = lookup();
      await verifyActionRequest(query({ timestamp: '2015-07-01T11:11:11Z' }), {
        lookupKey: l.lookupKey,
        now: NOW,
      });
      expect(l.asked).toEqual([]);
    });
  });

  describe('E007 one answer for every login failure', () => {
    const e007 = { errorCode: 7, message: 'E007: Login failed. Signature mismatch' };
    it('signature mismatch', async () => {
      expect(await verify(query({ apiKey: 'f'.repeat(40) }))).toEqual({
        ok: false,
        error: e007,
        action: 'GetProducts',
        format: 'JSON',
      });
    });

    it('a parameter changed after signing', async () => {
      expect(await verify(withParam(query({ params: { Page: '1' } }), 'Page', '2'))).toMatchObject({
        ok: false,
        error: e007,
      });
    });

    it('unknown user, same message', async () => {
      const raw = buildActionQuery({
        action: 'GetProducts',
        userId: 'nobody@example.com',
        apiKey: API_KEY,
        timestamp: NOW,
      });
      expect(await verify(raw)).toMatchObject({ ok: false, error: e007 });
    });

    it('a user with no key or a malformed stored key, without throwing', async () => {
      for (const key of [
        { apiKey: '' },
        { apiKey: undefined },
        { apiKey: 42 },
        { apiKey: 'clé' },
        'string',
      ]) {
        expect(await verify(query(), { key })).toMatchObject({ ok: false, error: e007 });
      }
    });

    it('a Signature that is not hex', async () => {
      expect(await verify(withParam(query(), 'Signature', 'zz'))).toMatchObject({ ok: false, error: e007 });
    });
  });

  describe('E005', () => {
    it('for an unknown Format, after the signature passed', async () => {
      const raw = buildActionQuery({
        action: 'GetProducts',
        userId: USER,
        apiKey: API_KEY,
        timestamp: NOW,
        format: 'CSV' as never,
      });
      expect(await verify(raw)).toEqual({
        ok: false,
        error: { errorCode: 5, message: 'E005: Invalid Request Format' },
        action: 'GetProducts',
        format: 'JSON',
      });
      const unsigned = withParam(raw, 'Signature', '0'.repeat(64));
      expect(await verify(unsigned)).toMatchObject({ ok: false, error: { errorCode: 7 } });
    });

    it.each([
      ['a lone %', 'Action=Get%&UserID=x'],
      ['% with one hex digit', 'Action=Get%4&UserID=x'],
      ['% with non-hex', 'Action=Get%zz'],
      ['invalid UTF-8', 'Action=%FF%FE'],
      ['an encoded surrogate', 'Action=%ED%A0%80'],
      ['a raw lone surrogate', 'Action=\uD800'],
      ['a repeated Signature', `${query()}&Signature=${'0'.repeat(64)}`],
    ])('for %s in the query', async (_label, raw) => {
      const r = await verify(raw);
      expect(!r.ok && r.error).toEqual({ errorCode: 5, message: 'E005: Invalid Request Format' });
    });
  });

  // action-api.md "Clients in the wild": strings signed the way other encoders and other clients
  // build them, written out by hand here rather than with buildActionQuery.
  describe('clients in the wild', () => {
    const common = `Timestamp=2026-11-22T18%3A41%3A00%2B00%3A00&UserID=buyer%40example.com&Version=1.0`;
    const hmacHex = (message: string, key = API_KEY) =>
      createHmac('sha256', key).update(message).digest('hex');

    it('accepts the form encoding of the same parameters (space +, * raw, ~ as %7E), as Java URLEncoder signs', async () => {
      const signed = `Action=GetProducts&Keyword=a+b*c%7Ed&${common}`;
      const r = await verify(`${signed}&Signature=${hmacHex(signed)}`);
      expect(r).toMatchObject({ ok: true, value: { params: { Keyword: 'a b*c~d' } } });
    });

    it('still accepts the RFC 3986 string, and refuses a form string signed with another key', async () => {
      const rfc = `Action=GetProducts&Keyword=a%20b%2Ac~d&${common}`;
      expect((await verify(`${rfc}&Signature=${hmacHex(rfc)}`)).ok).toBe(true);
      const form = `Action=GetProducts&Keyword=a+b*c%7Ed&${common}`;
      const r = await verify(`${form}&Signature=${hmacHex(form, 'f'.repeat(40))}`);
      expect(r).toMatchObject({ ok: false, error: { errorCode: 7 } });
    });

    it('a form-signed value changed on the wire fails', async () => {
      const signed = `Action=GetProducts&Keyword=a+b&${common}`;
      const r = await verify(`${signed.replace('a+b', 'a+c')}&Signature=${hmacHex(signed)}`);
      expect(r).toMatchObject({ ok: false, error: { errorCode: 7 } });
    });

    describe('a repeated Format (Format=JSON&Format=XML)', () => {
      const wire = `Action=GetProducts&Format=JSON&Format=XML&${common}`;

      it('signed over both values as sent: answers in the last value, XML', async () => {
        const r = await verify(`${wire}&Signature=${hmacHex(wire)}`);
        expect(r).toMatchObject({ ok: true, value: { format: 'XML', params: { Format: 'XML' } } });
      });

      it('signed over the last-value-wins set: accepted too', async () => {
        const r = await verify(`${wire}&Signature=${hmacHex(`Action=GetProducts&Format=XML&${common}`)}`);
        expect(r).toMatchObject({ ok: true, value: { format: 'XML' } });
      });

      it('signed over the first value only: E007 (the acted-on value was not signed)', async () => {
        const r = await verify(`${wire}&Signature=${hmacHex(`Action=GetProducts&Format=JSON&${common}`)}`);
        expect(r).toMatchObject({ ok: false, error: { errorCode: 7 }, format: 'XML' });
      });

      it('the two values swapped on the wire after signing: E007', async () => {
        const swapped = wire.replace('Format=JSON&Format=XML', 'Format=XML&Format=JSON');
        const r = await verify(`${swapped}&Signature=${hmacHex(wire)}`);
        expect(r).toMatchObject({ ok: false, error: { errorCode: 7 } });
      });
    });
  });

  it('does not validate Action names (the router answers E008)', async () => {
    const raw = buildActionQuery({ action: 'NoSuchAction', userId: USER, apiKey: API_KEY, timestamp: NOW });
    expect(await verify(raw)).toMatchObject({ ok: true, value: { action: 'NoSuchAction' } });
  });

  it('reports the requested Format (any case) on failures', async () => {
    const r = await verify(withParam(query({ format: 'XML' }), 'Format', 'xml'));
    expect(r).toMatchObject({ ok: false, format: 'XML', error: { errorCode: 7 } });
  });

  it('never throws on hostile input', async () => {
    const inputs: unknown[] = [
      undefined,
      null,
      42,
      ['Action=x'],
      '&&&',
      '=',
      '==&=',
      `Action=${'%41'.repeat(300_000)}`,
      'a'.repeat(1024 * 1024),
    ];
    for (const raw of inputs) {
      const r = await verifyActionRequest(raw as string, { lookupKey: async () => null, now: NOW });
      expect(r.ok).toBe(false);
      if (!r.ok) expect([1, 5]).toContain(r.error.errorCode);
    }
  });
});

describe('ACTION_ERRORS', () => {
  it('is the convention’s table: code → message template', () => {
    expect(Object.fromEntries(Object.entries(ACTION_ERRORS).map(([name, e]) => [name, e.errorCode]))).toEqual(
      {
        E001: 1,
        E002: 2,
        E003: 3,
        E004: 4,
        E005: 5,
        E006: 6,
        E007: 7,
        E008: 8,
        E009: 9,
        E011: 11,
        E030: 30,
        E429: 429,
      },
    );
    for (const [name, e] of Object.entries(ACTION_ERRORS))
      expect(e.message.startsWith(`${name}: `)).toBe(true);
    expect(actionError('E001', 'UserID')).toEqual({
      errorCode: 1,
      message: 'E001: Parameter UserID is mandatory',
    });
    expect(actionError('E009')).toEqual({ errorCode: 9, message: 'E009: Access Denied' });
  });
});
