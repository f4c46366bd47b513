/**
 * What the SDK must refuse or survive, against the real server: tampered answers (a fetch wrapper
 * flips bytes of the server's real response), lost answers (the request reached the server but the
 * reply did not reach us), and when a retry is not allowed at all.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../apps/server/test/helpers/databases.ts';
import type { TradepostError } from '../src/index.ts';
import {
  ConnectionError,
  SignatureVerificationError,
  type ClientOptions,
  type CreateOrderRequest,
  type CreditTransaction,
  type Tradepost,
} from '../src/index.ts';
import { address, uid } from '../../../apps/server/test/helpers/factories.ts';
import { startRealServer, type Merchant, type RealServer } from './helpers/real-server.ts';

type Fetch = NonNullable<ClientOptions['fetch']>;
const realFetch: Fetch = (input, init) => globalThis.fetch(input, init);

/** Passes every request to the real server and rewrites the answer's text. */
const rewriting =
  (rewrite: (text: string) => string): Fetch =>
  async (input, init) => {
    const res = await realFetch(input, init);
    return new Response(rewrite(await res.text()), { status: res.status, headers: res.headers });
  };

/** Reaches the real server, but the first `lost` answers never come back (as if the socket died). */
function losingAnswers(lost: number): { fetch: Fetch; attempts: () => number } {
  let attempts = 0;
  const fetch: Fetch = async (input, init) => {
    attempts++;
    const res = await realFetch(input, init);
    if (attempts <= lost) {
      await res.text();
      throw new TypeError('fetch failed', { cause: new Error('socket hang up') });
    }
    return res;
  };
  return { fetch, attempts: () => attempts };
}

/**
 * Changes one character of a field of the JSON envelope to another of the same alphabet. Hex digits
 * move to another digit value: a case change ('a' -> 'A') would leave the MAC bytes as they were.
 */
const flip =
  (field: string, at = 10) =>
  (text: string) => {
    const body = JSON.parse(text) as Record<string, string>;
    const value = body[field]!;
    const c = value[at]!;
    const replacement = /[0-9a-f]/.test(c)
      ? ((parseInt(c, 16) + 1) % 16).toString(16)
      : c === 'A'
        ? 'B'
        : 'A';
    body[field] = value.slice(0, at) + replacement + value.slice(at + 1);
    return JSON.stringify(body);
  };

async function orderDebits(client: Tradepost, orderNo: string): Promise<CreditTransaction[]> {
  const out: CreditTransaction[] = [];
  for await (const t of client.credit.listTransactions({ type: 'order', page_size: 100 })) {
    if (t.order_no === orderNo) out.push(t);
  }
  return out;
}

describeEachDatabase('SDK resilience against the real server', (database) => {
  let server: RealServer;
  let merchant: Merchant;
  const goodsId = `G${uid()}`;
  const skuId = `${goodsId}-A`;

  beforeAll(async () => {
    server = await startRealServer(await database.url());
    merchant = await server.createMerchant('1000.00');
    await server.running.ctx.services.catalog.upsertProducts([
      {
        goods_id: goodsId,
        title: 'Resilience widget',
        description: 'for retry tests',
        category: `sdk-${uid()}`,
        images: [],
        currency: 'USD',
        skus: [{ sku_id: skuId, spec: 'One size', price: '7.25', stock: 1000 }],
      },
    ]);
  });
  afterAll(async () => {
    await server?.close();
    await database.dispose();
  });

  const order = (over: Partial<CreateOrderRequest> = {}): CreateOrderRequest => ({
    goods_id: goodsId,
    sku_id: skuId,
    quantity: 2,
    merchant_order_no: `PO-${uid()}`,
    shipping_address: address,
    ...over,
  });

  it('refuses a real response with one byte of data, sign or nonce flipped, or the sign stripped', async () => {
    const tampers: [string, (t: string) => string][] = [
      ['data', flip('data')],
      ['data tail', flip('data', 40)],
      ['sign', flip('sign')],
      ['nonce', flip('nonce', 3)],
      [
        'timestamp',
        (t) => JSON.stringify({ ...JSON.parse(t), timestamp: String(Number(JSON.parse(t).timestamp) - 1) }),
      ],
      ['no sign', (t) => JSON.stringify({ ...JSON.parse(t), sign: undefined })],
      [
        'plain success',
        () => JSON.stringify({ code: 0, message: 'success', data: { available: '999999.00' } }),
      ],
    ];
    for (const [name, tamper] of tampers) {
      const client = merchant.client({ fetch: rewriting(tamper), maxRetries: 0 });
      const err = await client.credit.retrieve().catch((e: unknown) => e);
      expect(err, name).toBeInstanceOf(SignatureVerificationError);
      expect((err as TradepostError).code, name).not.toBe(0);
    }
    // The same call through an honest fetch verifies.
    expect((await merchant.client().credit.retrieve()).currency).toBe('USD');
  });

  it('a tampered order answer is refused even though the server placed the order', async () => {
    const m = await server.createMerchant('100.00');
    const req = order();
    const err = await m
      .client({ fetch: rewriting(flip('data')) })
      .orders.create(req)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SignatureVerificationError);
    const placed = await m.client().orders.retrieveByMerchantOrderNo(req.merchant_order_no!);
    expect(placed.amount).toBe('14.50');
  });

  it('retries an idempotent order after a network error before the server: placed once', async () => {
    const m = await server.createMerchant('100.00');
    let attempts = 0;
    const nonces: string[] = [];
    const flaky: Fetch = async (input, init) => {
      attempts++;
      nonces.push((init.headers as Record<string, string>)['Nonce']!);
      if (attempts === 1) throw new TypeError('fetch failed', { cause: new Error('ECONNRESET') });
      return realFetch(input, init);
    };
    const created = await m.client({ fetch: flaky }).orders.create(order());
    expect(attempts).toBe(2);
    expect(new Set(nonces).size).toBe(2);
    expect(await orderDebits(m.client(), created.order_no)).toHaveLength(1);
    expect((await m.client().credit.retrieve()).available).toBe('85.50');
  });

  it('retries an idempotent order whose answer was lost: the 2002 resolves to the order, charged once', async () => {
    const m = await server.createMerchant('100.00');
    const lossy = losingAnswers(1);
    const req = order();
    const created = await m.client({ fetch: lossy.fetch }).orders.create(req);
    // attempt 1 placed it, attempt 2 answered 2002, then a GET by merchant_order_no fetched it.
    expect(lossy.attempts()).toBe(3);
    expect(created).toEqual(await m.client().orders.retrieveByMerchantOrderNo(req.merchant_order_no!));
    expect(await orderDebits(m.client(), created.order_no)).toHaveLength(1);
    expect((await m.client().credit.retrieve()).used).toBe('14.50');
  });

  it('retries a 429 honouring Retry-After, then succeeds', async () => {
    let attempts = 0;
    const limited: Fetch = async (input, init) => {
      attempts++;
      if (attempts === 1) {
        return new Response('{"code":4029,"message":"Rate limited","data":null}', {
          status: 429,
          headers: { 'retry-after': '0' },
        });
      }
      return realFetch(input, init);
    };
    const created = await merchant.client({ fetch: limited }).orders.create(order());
    expect(attempts).toBe(2);
    expect(created.amount).toBe('14.50');
  });

  it('never retries an order without merchant_order_no: the lost answer surfaces, one order exists', async () => {
    const m = await server.createMerchant('100.00');
    const lossy = losingAnswers(Infinity);
    const req = order();
    delete req.merchant_order_no;
    const err = await m
      .client({ fetch: lossy.fetch, maxRetries: 5 })
      .orders.create(req)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectionError);
    expect((err as TradepostError).code).toBeNull();
    expect(lossy.attempts()).toBe(1);
    const debits: CreditTransaction[] = [];
    for await (const t of m.client().credit.listTransactions({ type: 'order' })) debits.push(t);
    expect(debits).toHaveLength(1);
    expect(debits[0]!.amount).toBe('-14.50');
  });

  it('a batch is retried only when it carries merchant_batch_no; the retry resolves to the first batch', async () => {
    const m = await server.createMerchant('200.00');
    const first = losingAnswers(1);
    const unkeyed = { orders: [order(), order({ merchant_order_no: undefined })] };
    const err = await m
      .client({ fetch: first.fetch })
      .batchOrders.create(unkeyed)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectionError);
    expect(first.attempts()).toBe(1);

    const second = losingAnswers(1);
    // Items without their own numbers: the batch's number alone keeps the retry from charging twice.
    const keyed = {
      merchant_batch_no: `B-${uid()}`,
      orders: [order({ merchant_order_no: undefined }), order()],
    };
    const retried = await m.client({ fetch: second.fetch }).batchOrders.create(keyed);
    expect(second.attempts()).toBe(3); // the lost POST, its retry (2002), the GET of that batch
    // The retry answered 2002 {batch_no}; the SDK resolved with the batch the lost attempt made.
    expect(retried.merchant_batch_no).toBe(keyed.merchant_batch_no);
    expect(retried.items.map((i) => i.code)).toEqual([0, 0]);
    for (const item of retried.items)
      expect(await orderDebits(m.client(), item.order!.order_no)).toHaveLength(1);
    expect((await m.client().credit.retrieve()).used).toBe('58.00');
    // The same number again on a first attempt is the caller's mistake: thrown, with the batch_no.
    const again = await m
      .client()
      .batchOrders.create(keyed)
      .catch((e: unknown) => e);
    expect(again).toMatchObject({ code: 2002, data: { batch_no: retried.batch_no } });
  });
});
