/**
 * What bend-v1.md's cryptography alone costs per B-End read, in one process, no HTTP: verifying a
 * signed GET (fields, HMAC-SHA256, replay guard in memory, AES-256-GCM decrypt of its params) and
 * sealing the answer (AES-256-GCM over the page, Base64, HMAC-SHA256 over the sign string), with a
 * page of the bench's size. Set against the bare route's whole cost per request (bench/run.ts
 * `reads`), it bounds what any server speaking bend-v1 on Node can reach (issue #10 goal 1).
 *
 *   [BENCH_PAGE_BYTES=26785] [BENCH_N=20000] npm run bench:crypto
 */
import { randomBytes } from 'node:crypto';
import {
  buildBendRequest,
  buildBendResponse,
  extractBendAuth,
  MemoryNonceStore,
  verifyBendRequest,
} from '@tradepost/protocol';

const N = Number(process.env.BENCH_N ?? 20_000);
const PAGE_BYTES = Number(process.env.BENCH_PAGE_BYTES ?? 26_785);
const appId = `app_${randomBytes(12).toString('hex')}`;
const keys = { secretKey: randomBytes(16).toString('hex'), signKey: randomBytes(16).toString('hex') };
const known = { ...keys, appId, status: 'active' as const };
// A page's JSON: ASCII, as the bench's page 1 mostly is.
const page = Buffer.from(`{"code":0,"message":"success","data":"${'x'.repeat(PAGE_BYTES - 40)}"}`);

const perCall = async (label: string, fn: (i: number) => unknown) => {
  for (let i = 0; i < 2000; i++) await fn(i); // warm-up
  const started = performance.now();
  for (let i = 0; i < N; i++) await fn(i);
  const us = ((performance.now() - started) * 1000) / N;
  process.stdout.write(`| ${label} | ${us.toFixed(1)} |\n`);
  return us;
};

const requests = Array.from({ length: N + 2000 }, () =>
  buildBendRequest({ appId, keys, method: 'GET', params: { page: '1', page_size: '20' } }),
);
const nonces = new MemoryNonceStore({ maxEntries: 1_000_000 });
let next = 0;
process.stdout.write(`| bend-v1 step, page of ${page.length} bytes | µs per call |\n|---|---|\n`);
const verify = await perCall('verify a signed GET (fields, HMAC, replay guard, decrypt)', async () => {
  const r = requests[next++]!;
  const fields = extractBendAuth({
    method: 'GET',
    headers: r.headers ?? {},
    query: r.query,
    body: undefined,
  });
  if (!fields.ok) throw new Error(fields.message);
  const v = await verifyBendRequest(fields.value, {
    lookupApp: async () => known,
    nonceStore: nonces,
    method: 'GET',
  });
  if (!v.ok) throw new Error(v.message);
});
const seal = await perCall('seal the page (AES-256-GCM, Base64, HMAC over the sign string)', () =>
  buildBendResponse({ appId, keys, payload: { bytes: page } }),
);
process.stdout.write(`| both | ${(verify + seal).toFixed(1)} |\n`);
