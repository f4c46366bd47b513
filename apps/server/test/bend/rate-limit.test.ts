/**
 * TRADEPOST_RATE_LIMIT: a token bucket per authenticated credential. Over budget, the REST paths
 * answer 4029 (HTTP 429, Retry-After; encrypted for a B-End caller) and the Action API E429;
 * other credentials are untouched, and the SDK waits out Retry-After and succeeds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Tradepost } from '../../../../packages/sdk/src/index.ts';
import { createRateLimiter } from '../../src/shared/rate-limit.ts';
import { buildWalltechHeaders } from '@tradepost/protocol';
import { actionUrl, callAction, type ActionKey } from '../action/action-http.ts';
import { bend, buildRequest, decode } from '../helpers/bend-http.ts';
import { startTestServer, type TestMerchant, type TestServer } from '../helpers/test-server.ts';
import { walltech, type TokenCredentials } from '../walltech/walltech-http.ts';

describe('createRateLimiter', () => {
  it('allows a burst, then one request per 1/rate seconds, and says how long to wait', () => {
    const limiter = createRateLimiter({ perSecond: 2, burst: 3 });
    const t0 = 1_000_000;
    expect([0, 1, 2].map(() => limiter.take('a', t0))).toEqual([0, 0, 0]);
    expect(limiter.take('a', t0)).toBeCloseTo(0.5, 5);
    expect(limiter.take('b', t0)).toBe(0); // another key has its own bucket
    expect(limiter.take('a', t0 + 500)).toBe(0); // refilled one token
    expect(limiter.take('a', t0 + 500)).toBeGreaterThan(0);
  });

  it('consume reports the budget: limit = burst, remaining whole requests, seconds to a full bucket', () => {
    const limiter = createRateLimiter({ perSecond: 2, burst: 4 });
    const t0 = 1_000_000;
    expect(limiter.consume('a', t0)).toEqual({ wait: 0, limit: 4, remaining: 3, reset: 1 });
    limiter.consume('a', t0);
    limiter.consume('a', t0);
    expect(limiter.consume('a', t0)).toEqual({ wait: 0, limit: 4, remaining: 0, reset: 2 });
    expect(limiter.consume('a', t0)).toMatchObject({ wait: 0.5, remaining: 0, reset: 2 });
    expect(createRateLimiter({ perSecond: 0 }).consume('a')).toBeNull();
  });

  it('is a no-op at 0 (the default: unlimited)', () => {
    const limiter = createRateLimiter({ perSecond: 0 });
    expect(Array.from({ length: 1000 }, () => limiter.take('a'))).toEqual(Array(1000).fill(0));
  });
});

describe('rate limits over HTTP (1 request/s per credential, bursts of 2)', () => {
  let server: TestServer;
  let m: TestMerchant;
  let other: TestMerchant;
  let token: TokenCredentials;
  let key: ActionKey;

  beforeAll(async () => {
    server = await startTestServer({ env: { TRADEPOST_RATE_LIMIT: '1' } });
    m = await server.createMerchant();
    other = await server.createMerchant();
    token = await server.services.tokens.create(m.merchantId, { name: 'limited' });
    key = await server.services.apiKeys.create(m.email);
  });
  afterAll(async () => server?.close());

  it('an unlimited server (the default) sends no rate-limit headers', async () => {
    const unlimited = await startTestServer();
    try {
      const who = await unlimited.createMerchant();
      const { url, init } = buildRequest(unlimited.url, who, 'GET', '/credit');
      const res = await fetch(url, init);
      expect([res.status, res.headers.get('x-ratelimit-limit')]).toEqual([200, null]);
    } finally {
      await unlimited.close();
    }
  });

  it('B-End: the third request at once answers 4029, HTTP 429, Retry-After, encrypted to the caller', async () => {
    const codes = [];
    for (let i = 0; i < 3; i++) codes.push((await bend(server.url, m, 'GET', '/credit')).payload.code);
    expect(codes).toEqual([0, 0, 4029]);
    const { url, init } = buildRequest(server.url, m, 'GET', '/credit');
    const res = await fetch(url, init);
    expect([res.status, Number(res.headers.get('retry-after'))]).toEqual([429, 1]);
    const r = decode(m, { status: res.status, body: (await res.json()) as Record<string, unknown> });
    expect([r.encrypted, r.payload.code]).toEqual([true, 4029]);
    // Another merchant's App has its own budget.
    expect((await bend(server.url, other, 'GET', '/credit')).payload.code).toBe(0);
  });

  it('WallTech token and Action API key each have their own budget, with their own answers', async () => {
    const t = [];
    for (let i = 0; i < 3; i++) t.push((await walltech(`${server.url}/api/v1/credit`, token)).body.code);
    expect(t).toEqual([0, 0, 4029]);
    const a = [];
    for (let i = 0; i < 3; i++)
      a.push((await callAction(server.url, key, 'GetCredit')).error?.ErrorCode ?? '0');
    expect(a).toEqual(['0', '0', '429']);
  });

  // Every answer to a limited credential says where it stands, on every door, not only the 429.
  it('X-RateLimit-Limit/-Remaining/-Reset on every answer, success and refusal, on all three doors', async () => {
    const fresh = await server.createMerchant();
    const freshToken = await server.services.tokens.create(fresh.merchantId, { name: 'headers' });
    const freshKey = await server.services.apiKeys.create(fresh.email);
    const doors: [string, () => Promise<Response>][] = [
      [
        'B-End',
        () => {
          const { url, init } = buildRequest(server.url, fresh, 'GET', '/credit');
          return fetch(url, init);
        },
      ],
      [
        'WallTech',
        () => {
          const url = `${server.url}/api/v1/credit`;
          return fetch(url, {
            headers: buildWalltechHeaders({
              token: freshToken.token,
              secretKey: freshToken.secret_key,
              method: 'GET',
              url,
            }),
          });
        },
      ],
      ['Action', () => fetch(actionUrl(server.url, freshKey, 'GetCredit'))],
    ];
    for (const [door, call] of doors) {
      const seen = [];
      for (let i = 0; i < 3; i++) {
        const res = await call();
        await res.arrayBuffer();
        seen.push(
          ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset', 'retry-after'].map((h) =>
            res.headers.get(h),
          ),
        );
      }
      expect(seen, door).toEqual([
        ['2', '1', '1', null],
        ['2', '0', '2', null],
        ['2', '0', '2', '1'],
      ]);
    }
  });

  it('the SDK waits out Retry-After and gets its answer', async () => {
    const sdkMerchant = await server.createMerchant();
    const client = new Tradepost({
      baseUrl: `${server.url}/api/v1`,
      appId: sdkMerchant.app.app_id,
      secretKey: sdkMerchant.app.secret_key,
      signKey: sdkMerchant.app.sign_key,
    });
    await client.credit.retrieve();
    await client.credit.retrieve();
    const started = Date.now();
    expect((await client.credit.retrieve()).credit_limit).toBe('1000.00');
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });
});
