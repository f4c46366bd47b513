import { describe, expect, it } from 'vitest';
import { buildWalltechHeaders, verifyWalltechRequest } from '../../src/index.ts';

const SECRET = 'Zq8mN3vB6xC1lK4jH7gF2dS5aP0oI9uY';
const TOKEN = 'TpTok3nAbCdEfGhIjKlMnOpQrS';
const URL = 'https://tradepost.example.com/api/v1/orders';
const NOW = new Date('2026-11-22T18:41:00Z');

interface TokenRecord {
  secretKey: string;
  status: 'active' | 'revoked';
  readOnly?: boolean;
  merchantId: string;
}

function tokens(over: Partial<TokenRecord> = {}) {
  const record: TokenRecord = { secretKey: SECRET, status: 'active', merchantId: 'm_1', ...over };
  const asked: string[] = [];
  return { record, asked, lookupToken: async (t: string) => (asked.push(t), t === TOKEN ? record : null) };
}

const signed = (
  over: { now?: Date; method?: string; url?: string; secretKey?: string; token?: string } = {},
) =>
  buildWalltechHeaders({
    token: over.token ?? TOKEN,
    secretKey: over.secretKey ?? SECRET,
    method: over.method ?? 'POST',
    url: over.url ?? URL,
    now: over.now ?? NOW,
  });

async function verify(
  headers: Record<string, unknown>,
  opts: {
    t?: ReturnType<typeof tokens>;
    now?: Date;
    skewSeconds?: number;
    method?: string;
    url?: string;
  } = {},
) {
  const t = opts.t ?? tokens();
  return verifyWalltechRequest(
    { method: opts.method ?? 'POST', url: opts.url ?? URL, headers: headers as Record<string, string> },
    {
      lookupToken: t.lookupToken,
      now: opts.now ?? NOW,
      ...(opts.skewSeconds === undefined ? {} : { skewSeconds: opts.skewSeconds }),
    },
  );
}
const code = (r: Awaited<ReturnType<typeof verify>>) => (r.ok ? 0 : r.code);

describe('verifyWalltechRequest', () => {
  it('accepts a signed request and hands back the record untouched (readOnly included)', async () => {
    const t = tokens({ readOnly: true });
    expect(await verify(signed(), { t })).toEqual({ ok: true, value: { token: t.record } });
  });

  it('reads headers in any case and one-element arrays', async () => {
    const h = signed();
    expect(
      code(await verify({ AUTHORIZATION: [h.Authorization], 'x-walltech-date': h['X-WallTech-Date'] })),
    ).toBe(0);
  });

  describe('1004 missing or malformed headers', () => {
    const h = signed();
    it.each([
      ['no Authorization', { 'X-WallTech-Date': h['X-WallTech-Date'] }],
      ['no date', { Authorization: h.Authorization }],
      ['no headers at all', {}],
      ['two colons', { ...h, Authorization: `${h.Authorization}:x` }],
      ['a missing scheme', { ...h, Authorization: h.Authorization.replace('WallTech ', '') }],
      ['an empty token', { ...h, Authorization: `WallTech :${h.Authorization.split(':')[1]}` }],
      ['an empty signature', { ...h, Authorization: `WallTech ${TOKEN}:` }],
      ['a 25-char token', { ...h, Authorization: h.Authorization.replace(TOKEN, TOKEN.slice(1)) }],
      ['a signature that is not Base64', { ...h, Authorization: `WallTech ${TOKEN}:not*base64` }],
      ['a Base64 signature of the wrong length', { ...h, Authorization: `WallTech ${TOKEN}:AAAA` }],
      ['a non-RFC 1123 date', { ...h, 'X-WallTech-Date': NOW.toISOString() }],
      ['a repeated Authorization (array)', { ...h, Authorization: [h.Authorization, h.Authorization] }],
      ['a numeric date', { ...h, 'X-WallTech-Date': 1763836860 }],
      ['Authorization as an object', { ...h, Authorization: { a: 1 } }],
    ])('%s', async (_label, headers) => {
      const t = tokens();
      expect(code(await verify(headers, { t }))).toBe(1004);
      expect(t.asked).toEqual([]);
    });

    it('when headers is not an object', async () => {
      for (const headers of [null, undefined, 'Authorization: x', []])
        expect(code(await verify(headers as never))).toBe(1004);
    });
  });

  it('1002 for an unknown token, before the date skew is checked', async () => {
    const r = await verify(signed({ token: 'UnknownTokenXXXXXXXXXXXXXX', now: new Date(0) }));
    expect(r).toEqual({ ok: false, code: 1002, message: 'API token not found' });
  });

  it('1003 for a revoked token, before skew and signature', async () => {
    const r = await verify(signed({ secretKey: 'x'.repeat(22), now: new Date(0) }), {
      t: tokens({ status: 'revoked' }),
    });
    expect(r).toEqual({ ok: false, code: 1003, message: 'API token revoked' });
  });

  describe('1005 date skew', () => {
    it.each([
      [900, 0],
      [-900, 0],
      [901, 1005],
      [-901, 1005],
    ])('%i s off with the default 15 minutes → %i', async (offset, expected) => {
      expect(code(await verify(signed({ now: new Date(NOW.getTime() + offset * 1000) })))).toBe(expected);
    });

    it('honours skewSeconds, and checks before the signature', async () => {
      expect(
        code(await verify(signed({ now: new Date(NOW.getTime() - 120_000) }), { skewSeconds: 60 })),
      ).toBe(1005);
      expect(
        code(
          await verify(signed({ now: new Date(NOW.getTime() - 120_000), secretKey: 'y'.repeat(22) }), {
            skewSeconds: 60,
          }),
        ),
      ).toBe(1005);
    });
  });

  // A client signs the URL as it addressed it; its HTTP stack may drop (or keep) a default port in
  // the Host header the server rebuilds the URL from.
  it.each([
    ['https://h.example:443/api/v1/credit', 'https://h.example/api/v1/credit'],
    ['http://h.example:80/api/v1/products?page=1', 'http://h.example/api/v1/products?page=1'],
    ['https://h.example/api/v1/credit', 'https://h.example:443/api/v1/credit'],
    ['HTTP://h.example:80/x', 'HTTP://h.example/x'],
    ['http://[::1]:80/x', 'http://[::1]/x'],
  ])('accepts a signature over %s when the server rebuilt %s', async (signedUrl, url) => {
    expect(code(await verify(signed({ url: signedUrl }), { url }))).toBe(0);
  });

  describe('1001 signature mismatch', () => {
    it.each<[string, { headers: Record<string, string>; method?: string; url?: string }]>([
      ['another secret', { headers: signed({ secretKey: 'y'.repeat(30) }) }],
      ['another method', { headers: signed(), method: 'GET' }],
      ['another URL', { headers: signed(), url: `${URL}?page=2` }],
      ['another host', { headers: signed(), url: URL.replace('tradepost.example.com', 'evil.example.com') }],
      // Only the scheme's own default port is the same URL.
      ['another port', { headers: signed({ url: 'https://h.example:8443/x' }), url: 'https://h.example/x' }],
      [
        'the other scheme’s default port',
        { headers: signed({ url: 'https://h.example:80/x' }), url: 'https://h.example/x' },
      ],
      [
        'a default port on the host only',
        { headers: signed({ url: 'http://h.example/x' }), url: 'http://h.example/x:80' },
      ],
    ])('%s', async (_label, c) => {
      expect(
        await verify(c.headers, {
          ...(c.method ? { method: c.method } : {}),
          ...(c.url ? { url: c.url } : {}),
        }),
      ).toEqual({
        ok: false,
        code: 1001,
        message: 'Invalid signature',
      });
    });

    it('a date header swapped for another valid one', async () => {
      const h = signed();
      const other = signed({ now: new Date(NOW.getTime() + 1000) });
      expect(code(await verify({ ...h, 'X-WallTech-Date': other['X-WallTech-Date'] }))).toBe(1001);
    });

    it('a malformed stored secret, without throwing', async () => {
      for (const secretKey of ['short', '', undefined as unknown as string]) {
        expect(code(await verify(signed(), { t: tokens({ secretKey }) }))).toBe(1001);
      }
    });
  });

  it('never throws on a hostile request object', async () => {
    const t = tokens();
    for (const req of [
      null,
      undefined,
      42,
      { headers: signed() },
      { method: 1, url: 2, headers: signed() },
    ]) {
      const r = await verifyWalltechRequest(req as never, { lookupToken: t.lookupToken, now: NOW });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.code).toBe(1004);
    }
  });
});
