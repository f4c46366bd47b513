/* eslint-disable @typescript-eslint/no-explicit-any -- wire envelopes read as untyped data */
/**
 * action-api.md "Clients in the wild", each with a client written the way the wild writes it and
 * sharing no code with Tradepost: a PHP client in the style of the public SellerCenter PHP SDKs
 * (gzip bodies labelled text/html, htmlentities() on every XML field), a Java client that signs
 * the URLEncoder (form) encoding, a Python client that repeats Format and uses the aliases and
 * deflate. Compression bombs and malformed XML are sent as raw HTTP.
 */
import { execFile } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eachDatabase } from '../helpers/databases.ts';
import { address, testProduct } from '../helpers/factories.ts';
import { startTestServer, type TestMerchant, type TestServer } from '../helpers/test-server.ts';

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const run = promisify(execFile);
const xml = new XMLParser({ ignoreAttributes: true, parseTagValue: false, ignoreDeclaration: true });

/** A signed query written out by hand (RFC 3986, what PHP's rawurlencode writes). */
function signedQuery(key: { user_id: string; api_key: string }, action: string, format = 'JSON'): string {
  const ts = new Date().toISOString().slice(0, 19) + '+00:00';
  const enc = (s: string) =>
    encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const params = [
    ['Action', action],
    ['Format', format],
    ['Timestamp', ts],
    ['UserID', key.user_id],
    ['Version', '1.0'],
  ];
  const query = params.map(([n, v]) => `${enc(n!)}=${enc(v!)}`).join('&');
  return `${query}&Signature=${createHmac('sha256', key.api_key).update(query).digest('hex')}`;
}

/** A raw POST with node:http (fetch would refuse some of these headers). */
function rawPost(
  url: string,
  body: Buffer,
  headers: Record<string, string>,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', headers: { 'content-length': String(body.length), ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    // The server may answer before it has read everything (a bomb cut off early): that is fine.
    req.on('error', (err: NodeJS.ErrnoException) =>
      err.code === 'EPIPE' || err.code === 'ECONNRESET' ? undefined : reject(err),
    );
    req.end(body);
  });
}

/**
 * 10 MB on the wire that inflates to 10 GB: one gzip member of 100 MB of zeros (~100 KB), repeated
 * 100 times (a gzip stream may hold many members, and gunzip reads them all).
 */
function gzipBomb(): Buffer {
  const member = gzipSync(Buffer.alloc(100 * 1024 * 1024), { level: 9 });
  return Buffer.concat(Array.from({ length: 100 }, () => member));
}

describe.each(eachDatabase())('Action API clients in the wild on $name', (database) => {
  let server: TestServer;
  let m: TestMerchant;
  let key: { user_id: string; api_key: string };
  let classes: string;
  const tmp = mkdtempSync(join(tmpdir(), 'tradepost-wild-'));
  const product = testProduct({ price: '3.50', stock: 50, title: 'Tote bag* ~limited edition' });
  const sku = product.skus[0]!;
  const others = Array.from({ length: 5 }, (_, i) =>
    testProduct({ title: `Offset probe ${i}`, category: 'OffsetProbe' }),
  );

  beforeAll(async () => {
    // 16 MB on the wire, so the 10 MB bomb reaches the decompressor and the decompressed cap.
    server = await startTestServer({
      databaseUrl: await database.url(),
      env: { TRADEPOST_BODY_LIMIT: String(16 * 1024 * 1024) },
    });
    m = await server.createMerchant({ creditLimit: '100.00' });
    await server.addProducts([product, ...others]);
    key = await server.services.apiKeys.create(m.email);
    // Compile once: `java File.java` would compile on every run.
    classes = join(tmp, 'classes');
    await run('javac', ['-d', classes, here('./WildFormClient.java')], { timeout: 120_000 });
  }, 180_000);
  afterAll(async () => {
    await server?.close();
    await database.dispose();
    rmSync(tmp, { recursive: true, force: true });
  });

  const python = async (...args: string[]) => {
    const { stdout } = await run(
      'python3',
      [here('./wild_client.py'), server.url, key.user_id, key.api_key, ...args],
      { timeout: 30_000 },
    );
    return stdout;
  };

  it('PHP SDK style: gzip body as text/html, htmlentities() in XML; the name is stored decoded, read back by OrderId', async () => {
    const name = "Zoë Núñez & Co's <depot>";
    const { stdout } = await run(
      'php',
      [
        here('./wild_client.php'),
        server.url,
        key.user_id,
        key.api_key,
        product.goods_id,
        sku.sku_id,
        'PHP-1',
        name,
      ],
      {
        timeout: 30_000,
      },
    );
    const out = JSON.parse(stdout) as Record<string, any>;
    // What the wild sends: named HTML entities, not XML's.
    expect(out.sent).toContain('Zo&euml; N&uacute;&ntilde;ez &amp; Co&#039;s &lt;depot&gt;');
    expect(out.sent).toContain('A Coru&ntilde;a');
    expect(out.order.SuccessResponse.Body).toMatchObject({ merchant_order_no: 'PHP-1', amount: '3.50' });
    expect(out.fetched.SuccessResponse.Body).toMatchObject({
      order_no: out.order.SuccessResponse.Body.order_no,
    });
    const stored = await server.services.orders.getByMerchantOrderNo(m.merchantId, 'PHP-1');
    expect(stored.shipping_address).toMatchObject({ name, address: 'Calle Mayor 1, 2º', city: 'A Coruña' });
  });

  it('Java URLEncoder style: the form encoding (space +, * raw, ~ %7E) is signed and accepted; Search and Limit', async () => {
    const { stdout } = await run(
      'java',
      ['-cp', classes, 'WildFormClient', server.url, key.user_id, key.api_key, 'bag* ~limited'],
      {
        timeout: 60_000,
      },
    );
    const body = JSON.parse(stdout).SuccessResponse?.Body;
    expect(body, stdout).toMatchObject({ offset: 0, limit: 5, total: 1 });
    expect(body.items.map((p: { goods_id: string }) => p.goods_id)).toEqual([product.goods_id]);
  });

  it('Python style: Format=JSON&Format=XML signed over both answers in XML', async () => {
    const text = await python('get-xml', 'GetCredit');
    expect(text.startsWith('<?xml')).toBe(true);
    expect(xml.parse(text).SuccessResponse.Body).toMatchObject({ credit_limit: '100.00' });
  });

  it('Limit/Offset: at most Limit items after Offset items (across a page boundary), Limit capped at 100', async () => {
    const all = JSON.parse(await python('get', 'GetProducts', 'Category=OffsetProbe', 'PageSize=100'))
      .SuccessResponse.Body;
    const ids = all.items.map((p: { goods_id: string }) => p.goods_id);
    expect(ids).toHaveLength(5);
    const window = JSON.parse(
      await python('get', 'GetProducts', 'Category=OffsetProbe', 'Limit=2', 'Offset=3'),
    ).SuccessResponse.Body;
    // Body is a whole B-End page (every field a client typed against Page reads), plus the window.
    expect(Object.keys(window).sort()).toEqual([...Object.keys(all), 'offset', 'limit'].sort());
    // 3 is no multiple of 2: no numbered page starts there, so page is 0 (as a cursor page).
    expect(window).toMatchObject({ offset: 3, limit: 2, page: 0, page_size: 2, total: 5 });
    expect(window.items.map((p: { goods_id: string }) => p.goods_id)).toEqual(ids.slice(3, 5));
    const odd = JSON.parse(await python('get', 'GetProducts', 'Category=OffsetProbe', 'Limit=3', 'Offset=1'))
      .SuccessResponse.Body;
    expect(odd.items.map((p: { goods_id: string }) => p.goods_id)).toEqual(ids.slice(1, 4));
    // Its next_cursor names what follows the window, not what follows a page.
    const next = JSON.parse(
      await python('get', 'GetProducts', 'Category=OffsetProbe', `Cursor=${odd.next_cursor}`, 'PageSize=5'),
    ).SuccessResponse.Body;
    expect(next.items.map((p: { goods_id: string }) => p.goods_id)).toEqual(ids.slice(4));
    // A multiple of Limit is that numbered page, as GetProducts with Page/PageSize answers it.
    const aligned = JSON.parse(
      await python('get', 'GetProducts', 'Category=OffsetProbe', 'Limit=2', 'Offset=2'),
    ).SuccessResponse.Body;
    const page2 = JSON.parse(
      await python('get', 'GetProducts', 'Category=OffsetProbe', 'PageSize=2', 'Page=2'),
    ).SuccessResponse.Body;
    expect(aligned).toEqual({ ...page2, offset: 2, limit: 2 });
    // The same fields in XML.
    const inXml = xml.parse(
      await python('get-xml', 'GetProducts', 'Category=OffsetProbe', 'Limit=2', 'Offset=3'),
    ).SuccessResponse.Body;
    expect(inXml).toMatchObject({ page: '0', page_size: '2', total: '5', offset: '3', limit: '2' });
    expect(inXml.next_cursor).toBe(window.next_cursor);
    const capped = JSON.parse(await python('get', 'GetProducts', 'Limit=5000')).SuccessResponse.Body;
    expect(capped.limit).toBe(100);
    const bad = JSON.parse(await python('get', 'GetProducts', 'Offset=-1')).ErrorResponse.Head;
    expect(bad).toMatchObject({ ErrorCode: '4001' });
    expect(bad.ErrorMessage).toContain('Offset');
    // Past the last page a list answers (page 1,000,000), the error still names what was sent.
    const far = JSON.parse(await python('get', 'GetProducts', 'Limit=1', 'Offset=5000000')).ErrorResponse
      .Head;
    expect(far).toMatchObject({ ErrorCode: '4001' });
    expect(far.ErrorMessage).toMatch(/Offset.*at most 999998/);
    expect(far.ErrorMessage).not.toMatch(/\bpage\b/);
  });

  it.each(['deflate', 'raw-deflate'])('Python zlib: a %s body places the order', async (coding) => {
    const file = join(tmp, `${coding}.json`);
    const merchantOrderNo = `PY-${coding}`;
    writeFileSync(
      file,
      JSON.stringify({
        goods_id: product.goods_id,
        sku_id: sku.sku_id,
        quantity: 1,
        merchant_order_no: merchantOrderNo,
        shipping_address: address,
      }),
    );
    const out = JSON.parse(await python('post', 'CreateOrder', coding, file));
    expect(out.SuccessResponse?.Body, JSON.stringify(out)).toMatchObject({
      merchant_order_no: merchantOrderNo,
    });
  });

  it('a 10 MB gzip bomb (10 GB inflated) answers E011 quickly, memory bounded, nothing stored', async () => {
    const bomb = gzipBomb();
    expect(bomb.length).toBeLessThan(16 * 1024 * 1024);
    const credit = await server.services.credit.get(m.merchantId);
    const before = process.memoryUsage().rss;
    const started = Date.now();
    const r = await rawPost(`${server.url}/api/action?${signedQuery(key, 'CreateOrder')}`, bomb, {
      'content-type': 'text/html',
      'content-encoding': 'gzip',
    });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.text).ErrorResponse.Head).toMatchObject({
      ErrorCode: '11',
      ErrorMessage: 'E011: Request too Big',
    });
    // Inflating 10 GB would take minutes and gigabytes; cut off at the limit it takes neither.
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
    expect(await server.services.credit.get(m.merchantId)).toEqual(credit);
  });

  it('E005 for a corrupt gzip body and for a Content-Encoding it cannot undo', async () => {
    const url = `${server.url}/api/action?${signedQuery(key, 'CreateOrder')}`;
    const corrupt = await rawPost(url, Buffer.from('not gzip at all'), {
      'content-type': 'text/html',
      'content-encoding': 'gzip',
    });
    expect(JSON.parse(corrupt.text).ErrorResponse.Head.ErrorCode).toBe('5');
    const brotliLabel = await rawPost(url, gzipSync('{}'), {
      'content-type': 'application/json',
      'content-encoding': 'br',
    });
    expect(JSON.parse(brotliLabel.text).ErrorResponse.Head.ErrorCode).toBe('5');
  });

  it.each([
    ['an unknown entity', '&zzz;'],
    ['a bare ampersand', 'Smith & Co'],
    ['an entity without its semicolon', 'Zo&euml'],
    ['a reference to NUL', '&#0;'],
    ['unclosed markup', 'Ada</Nam>'],
  ])('malformed XML (%s) answers E005 and stores nothing', async (_label, name) => {
    const merchantOrderNo = `BAD-${Math.random().toString(36).slice(2)}`;
    const body =
      `<Request><Order><GoodsId>${product.goods_id}</GoodsId><SkuId>${sku.sku_id}</SkuId><Quantity>1</Quantity>` +
      `<MerchantOrderNo>${merchantOrderNo}</MerchantOrderNo><ShippingAddress><Name>${name}</Name><Phone>1</Phone>` +
      `<Address>1 Main St</Address><City>X</City><Country>US</Country><PostalCode>1</PostalCode></ShippingAddress></Order></Request>`;
    const r = await rawPost(
      `${server.url}/api/action?${signedQuery(key, 'CreateOrder')}`,
      Buffer.from(body),
      { 'content-type': 'text/html' },
    );
    expect(JSON.parse(r.text).ErrorResponse?.Head, r.text).toMatchObject({
      ErrorCode: '5',
      ErrorMessage: 'E005: Invalid Request Format',
    });
    await expect(
      server.services.orders.getByMerchantOrderNo(m.merchantId, merchantOrderNo),
    ).rejects.toMatchObject({ code: 3003 });
  });

  it('an entity that decodes to markup (&LT;) stays text and cannot inject an element', async () => {
    const body =
      `<Request><Order><GoodsId>${product.goods_id}</GoodsId><SkuId>${sku.sku_id}</SkuId><Quantity>1</Quantity>` +
      `<MerchantOrderNo>LT-1</MerchantOrderNo><ShippingAddress><Name>&LT;/Name&GT;&LT;Name&GT;x</Name><Phone>1</Phone>` +
      `<Address>1 Main St</Address><City>X</City><Country>US</Country><PostalCode>1</PostalCode></ShippingAddress></Order></Request>`;
    const r = await rawPost(
      `${server.url}/api/action?${signedQuery(key, 'CreateOrder')}`,
      Buffer.from(body),
      { 'content-type': 'text/html' },
    );
    expect(JSON.parse(r.text).SuccessResponse?.Body, r.text).toMatchObject({ merchant_order_no: 'LT-1' });
    const stored = await server.services.orders.getByMerchantOrderNo(m.merchantId, 'LT-1');
    expect(stored.shipping_address.name).toBe('</Name><Name>x');
  });
});
