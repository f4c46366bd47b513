/**
 * What `vite build` leaves for the server to send (apps/web/vite.config.ts, served by
 * apps/server/src/doors/web-app.ts): beside every script, stylesheet and index.html over 1 KB, a
 * .br and a .gz holding the same bytes, each smaller than the file.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { expect, it } from 'vitest';
import { ensureWebBuilt } from './helpers/build.ts';

const DIST = fileURLToPath(new URL('../dist', import.meta.url));

it('every text file of the build over 1 KB has a .br and a .gz of the same bytes, each smaller', async () => {
  await ensureWebBuilt();
  const files = [
    'index.html',
    ...readdirSync(join(DIST, 'assets'))
      .filter((f) => /\.(js|css)$/.test(f))
      .map((f) => join('assets', f)),
  ];
  const big = files.filter((f) => readFileSync(join(DIST, f)).length > 1024);
  expect(big.length).toBeGreaterThan(10);
  const problems: string[] = [];
  let [raw, br] = [0, 0];
  for (const f of big) {
    const bytes = readFileSync(join(DIST, f));
    const brotli = readFileSync(join(DIST, `${f}.br`));
    const gzip = readFileSync(join(DIST, `${f}.gz`));
    if (!brotliDecompressSync(brotli).equals(bytes)) problems.push(`${f}.br`);
    if (!gunzipSync(gzip).equals(bytes)) problems.push(`${f}.gz`);
    if (brotli.length >= bytes.length || gzip.length >= bytes.length) problems.push(`${f}: not smaller`);
    raw += bytes.length;
    br += brotli.length;
  }
  expect(problems).toEqual([]);
  // Text this size compresses to well under a third.
  expect(br / raw).toBeLessThan(1 / 3);
}, 200_000);
