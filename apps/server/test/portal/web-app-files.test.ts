/**
 * The web app's files as the server serves them: Vite's hashed assets cached for a year
 * (immutable), a missing one a 404, index.html — itself and as every client-side route — always revalidated; each
 * sent as the build's .br or .gz when the browser accepts it, as it is when it does not; a file a
 * build installed after start served as well.
 */
import Fastify from 'fastify';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, expect, it } from 'vitest';
import { registerWebApp } from '../../src/doors/web-app.ts';

const dist = mkdtempSync(join(tmpdir(), 'tradepost-web-dist-'));
afterAll(() => rmSync(dist, { recursive: true, force: true }));

it('hashed assets are immutable for a year; index.html and client routes are no-cache', async () => {
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Tradepost</title>');
  writeFileSync(join(dist, 'assets', 'index-Bx7dQ2aF.js'), 'console.log(1)');
  const previous = process.env.TRADEPOST_WEB_DIST;
  process.env.TRADEPOST_WEB_DIST = dist;
  const app = Fastify();
  try {
    await app.register(registerWebApp);
    const asset = await app.inject({ url: '/assets/index-Bx7dQ2aF.js' });
    expect([asset.statusCode, asset.headers['cache-control']]).toEqual([
      200,
      'public, max-age=31536000, immutable',
    ]);
    for (const url of ['/index.html', '/orders', '/admin/audit']) {
      const page = await app.inject({ url });
      expect([url, page.statusCode, page.headers['cache-control']]).toEqual([url, 200, 'no-cache']);
    }
    // An asset that is not there (an old tab's chunk after an upgrade) is missing, not the app's page.
    const gone = await app.inject({ url: '/assets/index-OLDHASH1.js' });
    expect([gone.statusCode, gone.headers['cache-control'], gone.body]).toEqual([
      404,
      'no-cache',
      'No such file',
    ]);
  } finally {
    await app.close();
    if (previous === undefined) delete process.env.TRADEPOST_WEB_DIST;
    else process.env.TRADEPOST_WEB_DIST = previous;
  }
});

it('a browser that accepts brotli or gzip gets the precompressed file, with its own type; others the file', async () => {
  const js = `console.log(${JSON.stringify('x'.repeat(4000))})`;
  const html = `<!doctype html><title>Tradepost</title>${'<p>portal</p>'.repeat(200)}`;
  mkdirSync(join(dist, 'assets'), { recursive: true });
  writeFileSync(join(dist, 'index.html'), html);
  writeFileSync(join(dist, 'index.html.gz'), gzipSync(html));
  writeFileSync(join(dist, 'assets', 'app-Q1w2e3r4.js'), js);
  writeFileSync(join(dist, 'assets', 'app-Q1w2e3r4.js.br'), brotliCompressSync(js));
  writeFileSync(join(dist, 'assets', 'app-Q1w2e3r4.js.gz'), gzipSync(js));
  const previous = process.env.TRADEPOST_WEB_DIST;
  process.env.TRADEPOST_WEB_DIST = dist;
  const app = Fastify();
  try {
    await app.register(registerWebApp);
    const get = (url: string, encoding?: string) =>
      app.inject({ url, headers: encoding ? { 'accept-encoding': encoding } : {} });
    const decoded = (r: Awaited<ReturnType<typeof get>>) =>
      r.headers['content-encoding'] === 'br'
        ? brotliDecompressSync(r.rawPayload).toString()
        : r.headers['content-encoding'] === 'gzip'
          ? gunzipSync(r.rawPayload).toString()
          : r.payload;
    const head = (r: Awaited<ReturnType<typeof get>>) => [
      r.statusCode,
      r.headers['content-encoding'],
      r.headers['content-type'],
      r.headers.vary,
      r.headers['cache-control'],
    ];
    const asset = '/assets/app-Q1w2e3r4.js';
    const immutable = 'public, max-age=31536000, immutable';
    for (const [accept, sent] of [
      ['gzip, deflate, br, zstd', 'br'],
      ['gzip', 'gzip'],
      [undefined, undefined],
      ['identity', undefined],
    ] as const) {
      const r = await get(asset, accept);
      expect([accept, ...head(r)]).toEqual([
        accept,
        200,
        sent,
        'application/javascript; charset=utf-8',
        'accept-encoding',
        immutable,
      ]);
      expect(decoded(r)).toBe(js);
    }
    // index.html has only a .gz here: brotli falls back to it; as every client route too.
    for (const url of ['/index.html', '/orders']) {
      const r = await get(url, 'br, gzip');
      expect([url, ...head(r)]).toEqual([
        url,
        200,
        'gzip',
        'text/html; charset=utf-8',
        'accept-encoding',
        'no-cache',
      ]);
      expect(decoded(r)).toBe(html);
    }
    expect(decoded(await get('/orders', 'br'))).toBe(html);
  } finally {
    await app.close();
    if (previous === undefined) delete process.env.TRADEPOST_WEB_DIST;
    else process.env.TRADEPOST_WEB_DIST = previous;
  }
});

it('a build installed while serving: its new files are served as the routed ones, a missing one is still a 404', async () => {
  mkdirSync(join(dist, 'assets'), { recursive: true });
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Tradepost</title>');
  const previous = process.env.TRADEPOST_WEB_DIST;
  process.env.TRADEPOST_WEB_DIST = dist;
  const app = Fastify();
  try {
    await app.register(registerWebApp);
    await app.ready();
    // After start: the new build's chunk, and its brotli twin.
    const js = `console.log(${JSON.stringify('new build '.repeat(300))})`;
    writeFileSync(join(dist, 'assets', 'orders-page-N3wB1ld0.js'), js);
    writeFileSync(join(dist, 'assets', 'orders-page-N3wB1ld0.js.br'), brotliCompressSync(js));
    const plain = await app.inject({ url: '/assets/orders-page-N3wB1ld0.js' });
    expect([
      plain.statusCode,
      plain.headers['content-type'],
      plain.headers['cache-control'],
      plain.body,
    ]).toEqual([200, 'application/javascript; charset=utf-8', 'public, max-age=31536000, immutable', js]);
    const br = await app.inject({
      url: '/assets/orders-page-N3wB1ld0.js',
      headers: { 'accept-encoding': 'br' },
    });
    expect([
      br.statusCode,
      br.headers['content-encoding'],
      brotliDecompressSync(br.rawPayload).toString(),
    ]).toEqual([200, 'br', js]);
    // Nothing outside dist/assets, however the path is spelled (a client-side route gets the
    // app's page, as any unknown path does); a name not there is a 404.
    writeFileSync(join(dist, 'secret.txt'), 'not an asset');
    for (const url of ['/assets/../secret.txt', '/assets/%2e%2e/secret.txt', '/assets/..%2fsecret.txt']) {
      const r = await app.inject({ url });
      expect(r.body).not.toContain('not an asset');
    }
    expect((await app.inject({ url: '/assets/gone-0ld.js' })).statusCode).toBe(404);
  } finally {
    await app.close();
    if (previous === undefined) delete process.env.TRADEPOST_WEB_DIST;
    else process.env.TRADEPOST_WEB_DIST = previous;
  }
});
