/**
 * The web app's files as the server serves them: Vite's hashed assets cached for a year
 * (immutable), index.html — itself and as every client-side route — always revalidated.
 */
import Fastify from 'fastify';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
  } finally {
    await app.close();
    if (previous === undefined) delete process.env.TRADEPOST_WEB_DIST;
    else process.env.TRADEPOST_WEB_DIST = previous;
  }
});
