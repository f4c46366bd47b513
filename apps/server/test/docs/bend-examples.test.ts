/**
 * The B-End guide (docs/api/bend-v1.md) and its example clients (docs/examples/bend/) are checked
 * here, so the documentation cannot drift from what the server does:
 *
 * - each example (Node.js, Python, Java, Go, PHP) runs as a child process against the real server
 *   and its printed summary is checked against the server's own services (the order exists, credit
 *   dropped by exactly its amount, the idempotent retry charged nothing);
 * - each example is run once more through a proxy that alters every response's `sign`, and must
 *   refuse the answer (so "verify before decrypting" is really done, not just written);
 * - the guide's worked examples equal the known-answer vectors, recomputed here with node:crypto;
 * - the code embedded in the guide is byte-for-byte the example files.
 *
 * A language whose toolchain is missing is skipped with a printed notice (never counted as passed).
 */
import { execFile, execFileSync } from 'node:child_process';
import { createCipheriv, createHmac, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testProduct } from '../helpers/factories.ts';
import { cents } from '../helpers/money.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import type { ProductInput } from '../../src/modules/catalog/catalog.service.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const examplesDir = join(repoRoot, 'docs/examples/bend');
const guide = readFileSync(join(repoRoot, 'docs/api/bend-v1.md'), 'utf8');

interface Vector {
  name: string;
  kind: 'request' | 'response';
  secretKey: string;
  signKey: string;
  app_id: string;
  nonce: string;
  timestamp: string;
  iv: string | null;
  plaintext: string | null;
  data: string;
  signString: string;
  sign: string;
}
const vectors = (
  JSON.parse(readFileSync(join(repoRoot, 'packages/protocol/test/vectors/bend-v1.json'), 'utf8')) as {
    vectors: Vector[];
  }
).vectors;

/** True when `cmd args` runs and exits 0 (a toolchain probe). */
function runs(cmd: string, args: string[]): boolean {
  try {
    execFileSync(cmd, args, { stdio: 'ignore', timeout: 30_000 });
    return true;
  } catch {
    return false;
  }
}

interface Language {
  name: string;
  dir: string;
  file: string;
  cmd: string;
  args: string[];
  available: boolean;
  missing: string;
  timeout: number;
}

const PYTHON = process.env.TRADEPOST_TEST_PYTHON ?? '/usr/bin/python3';
const languages: Language[] = [
  {
    name: 'Node.js',
    dir: 'node',
    file: 'bend-example.mjs',
    cmd: process.execPath,
    args: ['bend-example.mjs'],
    available: true,
    missing: '',
    timeout: 30_000,
  },
  {
    name: 'Python',
    dir: 'python',
    file: 'bend_example.py',
    cmd: PYTHON,
    args: ['bend_example.py'],
    available: runs(PYTHON, ['-c', 'import cryptography.hazmat.primitives.ciphers.aead']),
    missing: `${PYTHON} with the "cryptography" package (set TRADEPOST_TEST_PYTHON to use another)`,
    timeout: 30_000,
  },
  {
    name: 'Java',
    dir: 'java',
    file: 'BendExample.java',
    cmd: 'java',
    args: ['BendExample.java'],
    // Single-file source launch needs a JDK (the compiler), not just a JRE.
    available: runs('java', ['-version']) && runs('javac', ['-version']),
    missing: 'a JDK 17+ (java and javac on PATH, e.g. apt-get install -y openjdk-17-jdk-headless)',
    timeout: 60_000,
  },
  {
    name: 'Go',
    dir: 'go',
    file: 'main.go',
    cmd: 'go',
    args: ['run', 'main.go'],
    available: runs('go', ['version']),
    missing: 'the Go toolchain (go on PATH, e.g. apt-get install -y golang-go)',
    timeout: 120_000, // a cold build cache compiles net/http first
  },
  {
    name: 'PHP',
    dir: 'php',
    file: 'example.php',
    cmd: 'php',
    args: ['example.php'],
    available: runs('php', ['-r', 'exit(function_exists("openssl_encrypt") ? 0 : 1);']),
    missing: 'PHP with ext-openssl (php on PATH, e.g. apt-get install -y php-cli)',
    timeout: 30_000,
  },
];

for (const lang of languages) {
  if (!lang.available)
    console.warn(`[docs/bend-examples] SKIPPED ${lang.name} example: needs ${lang.missing}; it was NOT run.`);
}

interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

function runExample(lang: Language, env: Record<string, string>): Promise<RunResult> {
  return new Promise((done) => {
    execFile(
      lang.cmd,
      lang.args,
      {
        cwd: join(examplesDir, lang.dir),
        env: { ...process.env, GOPROXY: 'off', GOFLAGS: '', ...env },
        timeout: lang.timeout,
        maxBuffer: 4 * 1024 * 1024,
      },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
        done({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
  });
}

interface Summary {
  products_total: number;
  goods_id: string;
  sku_id: string;
  order_no: string;
  merchant_order_no: string;
  amount: string;
  duplicate_code: number;
  duplicate_order_no: string | null;
  available: string;
}

// Not forwarded by the test proxy (Java's client, for one, offers an h2c upgrade on http://).
const HOP_BY_HOP = new Set([
  'host',
  'connection',
  'content-length',
  'transfer-encoding',
  'upgrade',
  'http2-settings',
  'keep-alive',
  'te',
  'trailer',
  'proxy-connection',
]);

describe('B-End example clients against the real server', () => {
  let server: TestServer;
  let products: ProductInput[];
  let proxy: Server;
  let proxyUrl: string;

  beforeAll(async () => {
    server = await startTestServer();
    products = await server.addProducts([
      testProduct({ price: '12.30', stock: 100 }),
      testProduct({ price: '7.05', stock: 100 }),
    ]);
    // A man in the middle that changes one hex digit of every response's `sign`.
    proxy = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(req.headers)) {
          if (typeof value === 'string' && !HOP_BY_HOP.has(name)) headers[name] = value;
        }
        const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : Buffer.concat(chunks);
        fetch(server.url + (req.url ?? '/'), { method: req.method ?? 'GET', headers, body })
          .then(async (upstream) => {
            let text = await upstream.text();
            try {
              const json = JSON.parse(text) as Record<string, unknown>;
              if (typeof json.sign === 'string') {
                json.sign = json.sign.slice(0, -1) + (json.sign.endsWith('0') ? '1' : '0');
                text = JSON.stringify(json);
              }
            } catch {
              /* not JSON: pass through */
            }
            res.writeHead(upstream.status, { 'content-type': 'application/json' });
            res.end(text);
          })
          .catch(() => {
            res.writeHead(502);
            res.end();
          });
      });
    });
    await new Promise<void>((ready) => proxy.listen(0, '127.0.0.1', ready));
    proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((closed) => (proxy ? proxy.close(() => closed()) : closed()));
    await server?.close();
  });

  for (const lang of languages) {
    it.skipIf(!lang.available)(
      `${lang.name}: lists, reads, orders (idempotently) and reads credit`,
      async () => {
        const { services } = server;
        const merchant = await server.createMerchant({ creditLimit: '1000.00' });
        const merchantOrderNo = `${lang.dir}-${randomBytes(6).toString('hex')}`;
        const before = await services.credit.get(merchant.merchantId);

        const result = await runExample(lang, {
          BASE_URL: `${server.url}/api/v1`,
          APP_ID: merchant.app.app_id,
          SECRET_KEY: merchant.app.secret_key,
          SIGN_KEY: merchant.app.sign_key,
          MERCHANT_ORDER_NO: merchantOrderNo,
        });
        if (result.code !== 0)
          throw new Error(`${lang.name} example exited ${result.code}\n${result.stdout}\n${result.stderr}`);
        const lines = result.stdout.trim().split('\n');
        expect(lines).toHaveLength(1); // one JSON summary line, nothing else
        const summary = JSON.parse(lines[0]!) as Summary;

        // GET /products with params: the whole catalog of this server.
        expect(summary.products_total).toBe((await services.catalog.listProducts({})).total);
        expect(summary.products_total).toBe(products.length);
        // GET /products/:id: a product we created, and one of its SKUs.
        const product = products.find((p) => p.goods_id === summary.goods_id);
        expect(product).toBeDefined();
        const sku = product!.skus.find((s) => s.sku_id === summary.sku_id);
        expect(sku).toBeDefined();

        // POST /orders: the order exists, as the example reported it.
        expect(summary.merchant_order_no).toBe(merchantOrderNo);
        const order = await services.orders.getByMerchantOrderNo(merchant.merchantId, merchantOrderNo);
        expect(order.order_no).toBe(summary.order_no);
        expect(order).toMatchObject({ goods_id: summary.goods_id, sku_id: summary.sku_id, quantity: 2 });
        expect(order.amount).toBe(summary.amount);
        expect(cents(order.amount)).toBe(cents(sku!.price) * 2);

        // The same order again: 2002 with the existing order_no, and nothing charged.
        expect(summary.duplicate_code).toBe(2002);
        expect(summary.duplicate_order_no).toBe(order.order_no);

        // GET /credit: available dropped by exactly the order amount, once.
        const after = await services.credit.get(merchant.merchantId);
        expect(summary.available).toBe(after.available);
        expect(cents(before.available) - cents(after.available)).toBe(cents(order.amount));
        const ledger = await services.credit.listTransactions(merchant.merchantId, { page_size: 100 });
        expect(ledger.items.filter((t) => t.type === 'order')).toHaveLength(1);
      },
      lang.timeout * 2,
    );

    it.skipIf(!lang.available)(
      `${lang.name}: refuses a response whose signature does not match`,
      async () => {
        const merchant = await server.createMerchant({ creditLimit: '1000.00' });
        const result = await runExample(lang, {
          BASE_URL: `${proxyUrl}/api/v1`,
          APP_ID: merchant.app.app_id,
          SECRET_KEY: merchant.app.secret_key,
          SIGN_KEY: merchant.app.sign_key,
          MERCHANT_ORDER_NO: `${lang.dir}-tampered-${randomBytes(4).toString('hex')}`,
        });
        expect(result.code).not.toBe(0);
        expect(`${result.stdout}\n${result.stderr}`).toContain('response signature mismatch');
        expect(result.stdout).not.toContain('"order_no"');
        expect((await server.services.credit.get(merchant.merchantId)).available).toBe('1000.00');
      },
      lang.timeout * 2,
    );
  }
});

describe('the guide docs/api/bend-v1.md', () => {
  const vector = (name: string): Vector => {
    const v = vectors.find((x) => x.name === name);
    if (!v) throw new Error(`no vector ${name} in bend-v1.json`);
    return v;
  };

  /** The guide's text between `<!-- worked-example:begin vector=NAME -->` and its end marker. */
  const sections = [
    ...guide.matchAll(/<!-- worked-example:begin vector=([\w-]+) -->([\s\S]*?)<!-- worked-example:end -->/g),
  ].map((m) => ({ name: m[1]!, text: m[2]! }));

  it('has worked examples for a POST, a GET with and without params, and a response', () => {
    expect(sections.map((s) => s.name)).toEqual([
      'post-ascii-order',
      'get-params',
      'get-no-params',
      'response-success',
    ]);
  });

  it('the vectors are self-consistent (recomputed with node:crypto)', () => {
    for (const v of vectors) {
      if (v.plaintext !== null && v.iv !== null) {
        const cipher = createCipheriv(
          'aes-256-gcm',
          Buffer.from(v.secretKey, 'ascii'),
          Buffer.from(v.iv, 'hex'),
        );
        const ct = Buffer.concat([cipher.update(v.plaintext, 'utf8'), cipher.final()]);
        expect(Buffer.concat([Buffer.from(v.iv, 'hex'), ct, cipher.getAuthTag()]).toString('base64')).toBe(
          v.data,
        );
      } else {
        expect(v.data).toBe('');
      }
      const signString = JSON.stringify({
        app_id: v.app_id,
        data: v.data,
        nonce: v.nonce,
        timestamp: v.timestamp,
      });
      expect(signString).toBe(v.signString);
      expect(createHmac('sha256', v.signKey).update(signString, 'utf8').digest('hex')).toBe(v.sign);
    }
  });

  it("the POST worked example's inputs and outputs equal the vector file", () => {
    const v = vector('post-ascii-order');
    const text = sections.find((s) => s.name === v.name)!.text;
    // The inputs block, label by label.
    const inputs = Object.fromEntries(
      [...text.matchAll(/^(Secret Key|Sign Key|App ID|nonce|timestamp|IV \(hex\)) {2,}(\S+)$/gm)].map((m) => [
        m[1],
        m[2],
      ]),
    );
    expect(inputs).toEqual({
      'Secret Key': v.secretKey,
      'Sign Key': v.signKey,
      'App ID': v.app_id,
      nonce: v.nonce,
      timestamp: v.timestamp,
      'IV (hex)': v.iv,
    });
    const raw = Buffer.from(v.data, 'base64');
    const ctHex = raw.subarray(12, raw.length - 16).toString('hex');
    const tagHex = raw.subarray(raw.length - 16).toString('hex');
    expect(text).toMatch(new RegExp(`^ciphertext \\(hex\\) +${ctHex}$`, 'm'));
    expect(text).toMatch(new RegExp(`^tag \\(hex\\) +${tagHex}$`, 'm'));
    expect(text).toContain(`(UTF-8, ${Buffer.byteLength(v.plaintext!, 'utf8')} bytes)`);
    expect(text).toMatch(new RegExp(`gives ${raw.length - 28} bytes\\s+of ciphertext`));
    // Each output on a line of its own.
    const lines = text.split('\n');
    for (const value of [v.plaintext!, v.data, v.signString, v.sign]) expect(lines).toContain(value);
    // The HTTP request built from them.
    for (const line of [
      'POST /api/v1/orders HTTP/1.1',
      `App-ID: ${v.app_id}`,
      `Timestamp: ${v.timestamp}`,
      `Nonce: ${v.nonce}`,
      `Sign: ${v.sign}`,
      `{"data":"${v.data}"}`,
    ])
      expect(lines).toContain(line);
  });

  it('the GET worked examples equal the vector file', () => {
    const base = vector('post-ascii-order');
    const withParams = vector('get-params');
    const text = sections.find((s) => s.name === withParams.name)!.text;
    // "Same keys and App ID" is true of the vector.
    expect([withParams.secretKey, withParams.signKey, withParams.app_id]).toEqual([
      base.secretKey,
      base.signKey,
      base.app_id,
    ]);
    expect(text).toContain(`\`nonce\` = \`${withParams.nonce}\``);
    expect(text).toContain(`\`timestamp\` = \`${withParams.timestamp}\``);
    expect(text).toContain(`IV (hex) = \`${withParams.iv}\``);
    const lines = text.split('\n');
    expect(lines).toContain(withParams.plaintext);
    expect(text).toMatch(new RegExp(`^data +${withParams.data.replace(/[+/]/g, '\\$&')}$`, 'm'));
    expect(lines).toContain(`sign string  ${withParams.signString}`);
    expect(text).toMatch(new RegExp(`^sign +${withParams.sign}$`, 'm'));
    expect(lines).toContain(`GET /api/v1/products?data=${encodeURIComponent(withParams.data)} HTTP/1.1`);
    expect(lines).toContain(`Sign: ${withParams.sign}`);

    const noParams = vector('get-no-params');
    const text2 = sections.find((s) => s.name === noParams.name)!.text;
    expect(noParams.data).toBe('');
    expect(text2).toContain(`\`${noParams.nonce}\``);
    expect(text2).toContain(`\`timestamp\` = \`${noParams.timestamp}\``);
    expect(text2.split('\n')).toContain(noParams.signString);
    expect(text2).toMatch(new RegExp(`^sign +${noParams.sign}$`, 'm'));
  });

  it('the response worked example equals the vector file', () => {
    const base = vector('post-ascii-order');
    const v = vector('response-success');
    const text = sections.find((s) => s.name === v.name)!.text;
    expect([v.secretKey, v.signKey, v.app_id]).toEqual([base.secretKey, base.signKey, base.app_id]);
    const envelopeLine = text.split('\n').find((l) => l.startsWith('{"app_id"'));
    expect(JSON.parse(envelopeLine!)).toEqual({
      app_id: v.app_id,
      nonce: v.nonce,
      timestamp: v.timestamp,
      data: v.data,
      sign: v.sign,
    });
    const raw = Buffer.from(v.data, 'base64');
    const lines = text.split('\n');
    expect(lines).toContain(v.signString);
    expect(text).toContain(`\`${v.sign}\`, equal to \`sign\``);
    expect(text).toContain(`IV \`${v.iv}\``);
    expect(text).toMatch(new RegExp(`tag\\s+\`${raw.subarray(raw.length - 16).toString('hex')}\``));
    expect(lines).toContain(v.plaintext);
  });

  it('embeds every example file verbatim', () => {
    const embedded = new Map(
      [...guide.matchAll(/<!-- example-file: (\S+) -->\n```\w*\n([\s\S]*?)```\n/g)].map((m) => [
        m[1]!,
        m[2]!,
      ]),
    );
    expect([...embedded.keys()].sort()).toEqual(
      languages.map((l) => `docs/examples/bend/${l.dir}/${l.file}`).sort(),
    );
    for (const [path, code] of embedded) {
      // On a mismatch, copy the file into the guide's "Complete examples" section again.
      expect(code, `${path} differs from its copy in docs/api/bend-v1.md`).toBe(
        readFileSync(join(repoRoot, path), 'utf8'),
      );
    }
  });

  it('is self-contained: no links into the workspace outside the repository', () => {
    expect(guide).not.toMatch(/\/work\/|shared\/spec|shared\/seeds/);
  });
});
