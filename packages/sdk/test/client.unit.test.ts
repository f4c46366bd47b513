import { decryptBendData, signBend } from '@tradepost/protocol';
import { describe, expect, it } from 'vitest';
import type { TradepostError } from '../src/index.ts';
import {
  AuthenticationError,
  ConflictError,
  ConnectionError,
  ConnectionTimeoutError,
  InsufficientCreditError,
  InternalServerError,
  NotFoundError,
  RateLimitError,
  SignatureVerificationError,
  Tradepost,
  UserAbortError,
} from '../src/index.ts';
import { baseOptions, creds, envelope, fakeFetch, keys, plain } from './helpers/fake-server.ts';

const page = (n: number, size: number, total: number) => ({
  items: Array.from({ length: Math.max(0, Math.min(size, total - (n - 1) * size)) }, (_, i) => ({
    goods_id: `G${(n - 1) * size + i}`,
  })),
  page: n,
  page_size: size,
  total,
});

describe('request building', () => {
  it('signs with headers, encrypts GET params as strings, leaves data out when there are none', async () => {
    const { fetch, seen } = fakeFetch(() => envelope(0, page(1, 5, 0)));
    const client = new Tradepost(baseOptions(fetch));
    await client.products.list({ page_size: 5, keyword: 'mug' });
    await client.credit.retrieve();
    const [list, credit] = seen;
    expect(list!.url.pathname).toBe('/api/v1/products');
    expect([...list!.url.searchParams.keys()]).toEqual(['data']);
    expect(list!.headers['App-ID']).toBe(creds.appId);
    const plaintext = decryptBendData(list!.url.searchParams.get('data')!, keys.secretKey);
    expect(plaintext.ok && JSON.parse(plaintext.value)).toEqual({
      page_size: '5',
      keyword: 'mug',
      page: '1',
    });
    const expectedSign = signBend(
      {
        app_id: creds.appId,
        data: list!.url.searchParams.get('data')!,
        nonce: list!.headers['Nonce']!,
        timestamp: list!.headers['Timestamp']!,
      },
      keys.signKey,
    );
    expect(list!.headers['Sign']).toBe(expectedSign);
    expect(credit!.url.search).toBe('');
  });

  it('POSTs {"data"} as JSON and URL-encodes path identifiers', async () => {
    const { fetch, seen } = fakeFetch(() => envelope(0, {}));
    const client = new Tradepost(baseOptions(fetch));
    await client.orders.retrieveByMerchantOrderNo('PO/1?x');
    expect(seen[0]!.url.pathname).toBe('/api/v1/orders/merchant/PO%2F1%3Fx');
    await client.orders.create({ goods_id: 'G', sku_id: 'S', quantity: 1, shipping_address: {} as never });
    const body = JSON.parse(seen[1]!.init.body as string) as { data: string };
    expect(Object.keys(body)).toEqual(['data']);
    expect(seen[1]!.headers['Content-Type']).toBe('application/json');
  });

  it('rejects bad options, listing every problem', () => {
    expect(
      () =>
        new Tradepost({
          baseUrl: 'ftp://x',
          appId: 'nope',
          secretKey: 'short',
          signKey: 'x'.repeat(32),
          maxRetries: -1,
        }),
    ).toThrow(/baseUrl.*appId.*secretKey.*maxRetries/);
  });
});

describe('response verification', () => {
  it('refuses an unsigned success body', async () => {
    const { fetch } = fakeFetch(
      () => new Response(JSON.stringify({ code: 0, message: 'success', data: { available: '9999.00' } })),
    );
    const err = await new Tradepost(baseOptions(fetch)).credit.retrieve().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SignatureVerificationError);
    expect((err as TradepostError).code).toBe(1001);
  });

  it('refuses an envelope signed with another key, and one whose data was swapped', async () => {
    const good = JSON.parse(await envelope(0, { available: '1.00' }).text()) as Record<string, string>;
    const other = JSON.parse(await envelope(0, { available: '9.00' }).text()) as Record<string, string>;
    const forged = {
      ...good,
      sign: signBend(
        { app_id: good.app_id!, data: good.data!, nonce: good.nonce!, timestamp: good.timestamp! },
        'x'.repeat(32),
      ),
    };
    const swapped = { ...good, data: other.data };
    for (const body of [forged, swapped]) {
      const { fetch } = fakeFetch(() => new Response(JSON.stringify(body)));
      const err = await new Tradepost(baseOptions(fetch)).credit.retrieve().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SignatureVerificationError);
      expect((err as TradepostError).code).toBe(1001);
    }
  });

  it('refuses a valid but stale envelope (replayed answer)', async () => {
    const { fetch } = fakeFetch(() => envelope(0, {}, { now: new Date(Date.now() - 3_600_000) }));
    const err = await new Tradepost(baseOptions(fetch)).credit.retrieve().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SignatureVerificationError);
    expect((err as TradepostError).code).toBe(1005);
  });

  it('accepts plain JSON only for the pre-authentication codes 1001-1007', async () => {
    const { fetch } = fakeFetch(() => plain(1005, 401, 'Invalid timestamp'));
    const err = await new Tradepost(baseOptions(fetch)).credit.retrieve().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthenticationError);
    expect(err).toMatchObject({ code: 1005, status: 401, message: 'Invalid timestamp' });
    const plain3003 = fakeFetch(() => plain(3003, 404));
    const err2 = await new Tradepost(baseOptions(plain3003.fetch)).orders
      .retrieve('X')
      .catch((e: unknown) => e);
    expect(err2).toBeInstanceOf(SignatureVerificationError);
  });

  it('maps signed codes to error classes carrying code, status, data and requestId', async () => {
    const cases: [number, number, unknown, new (...a: never[]) => TradepostError][] = [
      [2001, 402, null, InsufficientCreditError],
      [2002, 409, { order_no: 'ORD1' }, ConflictError],
      [3003, 404, null, NotFoundError],
    ];
    for (const [code, status, data, Class] of cases) {
      const { fetch } = fakeFetch(() =>
        envelope(code, data, { status, headers: { 'x-request-id': 'req-1' } }),
      );
      const err = await new Tradepost(baseOptions(fetch)).orders.retrieve('X').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Class);
      expect(err).toMatchObject({ code, status, data, requestId: 'req-1' });
    }
  });
});

describe('retries', () => {
  it('retries a read after a network error with a fresh nonce, timestamp and IV', async () => {
    const { fetch, seen } = fakeFetch((_s, attempt) => {
      if (attempt === 0) throw new TypeError('fetch failed');
      return envelope(0, page(1, 20, 0));
    });
    await new Tradepost(baseOptions(fetch)).products.list({ keyword: 'x' });
    expect(seen).toHaveLength(2);
    expect(seen[0]!.headers['Nonce']).not.toBe(seen[1]!.headers['Nonce']);
    expect(seen[0]!.url.searchParams.get('data')).not.toBe(seen[1]!.url.searchParams.get('data'));
  });

  it('honours Retry-After on 429, gives up after maxRetries with a RateLimitError', async () => {
    const { fetch, seen } = fakeFetch(() =>
      envelope(4029, null, { status: 429, headers: { 'retry-after': '0' } }),
    );
    const err = await new Tradepost(baseOptions(fetch, { maxRetries: 3 })).credit
      .retrieve()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitError);
    expect(seen).toHaveLength(4);
  });

  it('never retries an order without merchant_order_no', async () => {
    const { fetch, seen } = fakeFetch(() =>
      envelope(5001, null, { status: 500, headers: { 'retry-after': '0' } }),
    );
    const client = new Tradepost(baseOptions(fetch));
    const err = await client.orders
      .create({ goods_id: 'G', sku_id: 'S', quantity: 1, shipping_address: {} as never })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InternalServerError);
    expect(seen).toHaveLength(1);
    const net = fakeFetch(() => {
      throw new TypeError('fetch failed');
    });
    const err2 = await new Tradepost(baseOptions(net.fetch)).orders
      .create({ goods_id: 'G', sku_id: 'S', quantity: 1, shipping_address: {} as never })
      .catch((e: unknown) => e);
    expect(err2).toBeInstanceOf(ConnectionError);
    expect(net.seen).toHaveLength(1);
  });

  it('a 2002 on a retry resolves to the existing order only when it is the same order', async () => {
    const existing = { order_no: 'ORD1', merchant_order_no: 'PO-1', goods_id: 'G', sku_id: 'S', quantity: 1 };
    for (const [stored, expected] of [
      [existing, 'resolved'],
      [{ ...existing, sku_id: 'OTHER' }, 'thrown'],
    ] as const) {
      const { fetch, seen } = fakeFetch((s, attempt) => {
        if (attempt === 0) throw new TypeError('fetch failed');
        if (s.init.method === 'POST') return envelope(2002, { order_no: 'ORD1' }, { status: 409 });
        return envelope(0, stored);
      });
      const result = await new Tradepost(baseOptions(fetch)).orders
        .create({
          goods_id: 'G',
          sku_id: 'S',
          quantity: 1,
          merchant_order_no: 'PO-1',
          shipping_address: {} as never,
        })
        .then(
          (o) => o,
          (e: unknown) => e,
        );
      expect(seen.map((r) => `${r.init.method} ${r.url.pathname}`)).toEqual([
        'POST /api/v1/orders',
        'POST /api/v1/orders',
        'GET /api/v1/orders/merchant/PO-1',
      ]);
      if (expected === 'resolved') expect(result).toEqual(existing);
      else expect(result).toMatchObject({ code: 2002, data: { order_no: 'ORD1' } });
    }
  });

  it('a 2002 on the first attempt is thrown, not recovered', async () => {
    const { fetch, seen } = fakeFetch(() => envelope(2002, { order_no: 'ORD9' }, { status: 409 }));
    const err = await new Tradepost(baseOptions(fetch)).orders
      .create({
        goods_id: 'G',
        sku_id: 'S',
        quantity: 1,
        merchant_order_no: 'PO-9',
        shipping_address: {} as never,
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect(err).toMatchObject({ code: 2002, data: { order_no: 'ORD9' } });
    expect(seen).toHaveLength(1);
  });

  it("times out each attempt and retries reads; the caller's abort is final", async () => {
    const hang = (s: { init: RequestInit }) =>
      new Promise<Response>((_, reject) =>
        s.init.signal!.addEventListener('abort', () => reject(new Error('aborted'))),
      );
    const slow = fakeFetch(hang);
    const err = await new Tradepost(baseOptions(slow.fetch, { timeout: 20, maxRetries: 1 })).credit
      .retrieve()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectionTimeoutError);
    expect(slow.seen).toHaveLength(2);

    const ac = new AbortController();
    const aborted = fakeFetch(hang);
    const p = new Tradepost(baseOptions(aborted.fetch)).credit.retrieve({ signal: ac.signal });
    setTimeout(() => ac.abort(), 10);
    expect(await p.catch((e: unknown) => e)).toBeInstanceOf(UserAbortError);
    expect(aborted.seen).toHaveLength(1);
  });
});

describe('pagination', () => {
  it('iterates every item across pages and stops at total', async () => {
    const { fetch, seen } = fakeFetch((s) => {
      const data = JSON.parse(
        (decryptBendData(s.url.searchParams.get('data')!, keys.secretKey) as { value: string }).value,
      ) as Record<string, string>;
      return envelope(0, page(Number(data.page), Number(data.page_size), 7));
    });
    const ids: string[] = [];
    for await (const p of new Tradepost(baseOptions(fetch)).products.list({ page_size: 3 }))
      ids.push((p as { goods_id: string }).goods_id);
    expect(ids).toEqual(['G0', 'G1', 'G2', 'G3', 'G4', 'G5', 'G6']);
    expect(seen).toHaveLength(3);
  });

  it('stops on an empty page even if total says more', async () => {
    const { fetch, seen } = fakeFetch(() => envelope(0, { items: [], page: 1, page_size: 20, total: 50 }));
    const items = [];
    for await (const item of new Tradepost(baseOptions(fetch)).credit.listTransactions()) items.push(item);
    expect(items).toHaveLength(0);
    expect(seen).toHaveLength(1);
  });
});
