/**
 * The SSRF rule (webhooks.md "Endpoints and secrets"), through the address check and an injected
 * resolver: private ranges are tested as addresses, never by connecting anywhere. The only
 * connections made go to a loopback receiver, when private targets are allowed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  isPrivateAddress,
  resolveDeliveryAddress,
  type Resolver,
  urlProblem,
} from '../../src/modules/webhooks/webhooks.address.ts';
import { postOnce } from '../../src/modules/webhooks/webhooks.http.ts';
import { startReceiver, type Receiver } from './receiver.ts';

describe('isPrivateAddress', () => {
  it.each([
    '127.0.0.1',
    '127.255.255.254',
    '10.0.0.1',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '198.18.0.1',
    '::1',
    '::',
    'fc00::1',
    'fd12:3456:789a::1',
    'fe80::1',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:10.1.2.3',
    '64:ff9b::a9fe:a9fe',
    '2002:c0a8:0101::1',
    '::7f00:1',
    '::127.0.0.1',
    '::a00:1',
    '::ffff:0:7f00:1',
    '::ffff:0:127.0.0.1',
    '64:ff9b:1::7f00:1',
    '64:ff9b:1::808:808',
    'not-an-address',
  ])('%s is refused', (ip) => {
    expect(isPrivateAddress(ip)).toBe(true);
  });

  it.each([
    '93.184.216.34',
    '8.8.8.8',
    '172.32.0.1',
    '192.169.0.1',
    '100.128.0.1',
    '2606:4700::1111',
    '::ffff:8.8.8.8',
  ])('%s is public', (ip) => {
    expect(isPrivateAddress(ip)).toBe(false);
  });
});

describe('urlProblem (when an endpoint is saved)', () => {
  // Each refusal a local receiver can meet says how to allow one.
  const HINT = '; set TRADEPOST_WEBHOOK_ALLOW_PRIVATE=1 on the server and the CLI for local receivers';
  const strict = { allowPrivate: false };
  it.each([
    ['http://hooks.example.com/x', `must start with https://${HINT}`],
    ['ftp://hooks.example.com/x', `must start with https://${HINT}`],
    ['https://localhost/x', `must not point at localhost${HINT}`],
    ['https://api.localhost/x', `must not point at localhost${HINT}`],
    ['https://localhost./x', `must not point at localhost${HINT}`],
    ['https://api.localhost./x', `must not point at localhost${HINT}`],
    ['https://127.0.0.1/x', `must not point at a private or loopback address${HINT}`],
    ['https://[fd00::1]/x', `must not point at a private or loopback address${HINT}`],
    ['https://0x7f000001/x', `must not point at a private or loopback address${HINT}`],
    ['https://[::127.0.0.1]/x', `must not point at a private or loopback address${HINT}`],
    ['https://[::ffff:0:127.0.0.1]/x', `must not point at a private or loopback address${HINT}`],
    ['https://user:pw@hooks.example.com/x', 'must not contain a user name or password'],
    ['https://hooks.example.com:0/x', 'must use a port from 1 to 65535'],
    ['https://hooks.example.com:00/x', 'must use a port from 1 to 65535'],
    ['hooks.example.com/x', 'must be an absolute URL like https://example.com/webhooks'],
  ])('%s: %s', (url, problem) => {
    expect(urlProblem(url, strict)).toBe(problem);
  });

  it('tells a merchant, who cannot change the server, what to give instead', () => {
    expect(urlProblem('https://127.0.0.1/x', strict, 'merchant')).toBe(
      "must not point at a private or loopback address; give your receiver's public https:// address",
    );
  });

  it('accepts a public https URL; allowPrivate lets http:// and loopback through', () => {
    expect(urlProblem('https://hooks.example.com/tradepost?x=1', strict)).toBeNull();
    expect(urlProblem('http://127.0.0.1:8080/hooks', { allowPrivate: true })).toBeNull();
  });
});

describe('resolveDeliveryAddress (at each delivery)', () => {
  const resolver =
    (map: Record<string, string[]>): Resolver =>
    async (host) =>
      (map[host] ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  const policy = (allowPrivate: boolean) => ({
    allowPrivate,
    resolver: resolver({
      'public.example': ['93.184.216.34'],
      'rebind.example': ['93.184.216.34', '10.0.0.5'],
      'metadata.example': ['169.254.169.254'],
      'v6.example': ['fd00::5'],
    }),
  });

  it('returns the public address the connection will use', async () => {
    expect(await resolveDeliveryAddress('public.example', policy(false))).toEqual({
      address: '93.184.216.34',
      family: 4,
    });
  });

  it.each(['rebind.example', 'metadata.example', 'v6.example', 'nowhere.example'])(
    'refuses %s',
    async (host) => {
      await expect(resolveDeliveryAddress(host, policy(false))).rejects.toMatchObject({
        code: 'blocked_address',
      });
    },
  );

  it('allowPrivate lets a private resolution through', async () => {
    expect(await resolveDeliveryAddress('metadata.example', policy(true))).toEqual({
      address: '169.254.169.254',
      family: 4,
    });
  });
});

describe('postOnce applies the rule after resolving, and connects to the checked address', () => {
  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await startReceiver();
  });
  afterAll(() => receiver.close());

  const toLoopback: Resolver = async () => [{ address: '127.0.0.1', family: 4 }];

  it('a name resolving to loopback is refused without connecting', async () => {
    const port = new URL(receiver.url).port;
    const r = await postOnce(
      `https://hooks.example.test:${port}/hooks`,
      '{}',
      {},
      {
        timeoutMs: 2000,
        policy: { allowPrivate: false, resolver: toLoopback },
      },
    );
    expect(r).toMatchObject({ ok: false, statusCode: null });
    expect(r.error).toMatch(
      /^blocked_address: hooks\.example\.test resolves to a private address \(127\.0\.0\.1\)/,
    );
    expect(receiver.received).toHaveLength(0);
  });

  it('allowed, the request goes to the resolved address (the name only names it)', async () => {
    const port = new URL(receiver.url).port;
    const r = await postOnce(
      `http://hooks.example.test:${port}/hooks`,
      '{"a":1}',
      { 'Content-Type': 'application/json' },
      {
        timeoutMs: 2000,
        policy: { allowPrivate: true, resolver: toLoopback },
      },
    );
    expect(r).toMatchObject({ ok: true, statusCode: 200, excerpt: 'ok', error: null });
    expect(receiver.received.at(-1)!.headers.host).toBe(`hooks.example.test:${port}`);
    expect(receiver.received.at(-1)!.raw.toString()).toBe('{"a":1}');
  });
});
