/**
 * #13 items 2 and 3, reproduced against a real server process: 300 concurrent unauthenticated
 * 4 MB uploads must leave peak RSS under 300 MB and RSS under 200 MB within a minute, signed
 * requests answering throughout; 1,100 idle sockets against a server with 1,024 file descriptors
 * must not stop signed requests. Figures: docs/reliability.md (`npm run soak` prints them).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eachDatabase } from '../helpers/databases.ts';
import { idleFlood, uploadFlood } from './floods.ts';
import { prepare, spawnServer, type Prepared, type ServerProcess } from './server-process.ts';

const METRICS_TOKEN = 'floods-metrics-token-0123456789';
/** The answers of a refused unauthenticated upload, as `door code` (floods.ts postsAnswered). */
const REFUSALS = ['rest 413', 'rest 503', 'action 200'];

describe.each(eachDatabase())('resource floods on $name', (database) => {
  let prepared: Prepared;
  beforeAll(async () => {
    prepared = await prepare(database);
  });
  afterAll(async () => {
    prepared?.dispose();
    await database.dispose();
  });

  it('300 concurrent unauthenticated 4 MB uploads: peak RSS < 300 MB, < 200 MB after, signed requests answer', async () => {
    const server: ServerProcess = await spawnServer({
      ...prepared.env,
      TRADEPOST_METRICS_TOKEN: METRICS_TOKEN,
    });
    try {
      const r = await uploadFlood(server, prepared.merchant, {
        count: 300,
        bytes: 4 * 1024 * 1024,
        settleMs: 60_000,
        metricsToken: METRICS_TOKEN,
      });
      console.log(`[floods:${database.name}] upload flood`, JSON.stringify(r));
      expect(r.peakMb).toBeLessThan(300);
      expect(r.settledMs).not.toBeNull();
      expect(r.signed.ok).toBeGreaterThan(0);
      expect(r.signed.ok).toBe(r.signed.sent);
      // Every upload was answered, by the server's own count, and refused: 413 over the limit
      // (from Content-Length, or once a chunked body passes it), 503 past the in-flight budget,
      // the Action API's 200 envelope (E007 unsigned, E429 busy); no other status, no 5xx but 503.
      expect(Object.values(r.answered).reduce((a, b) => a + b, 0)).toBe(300);
      expect(Object.keys(r.answered).filter((k) => !REFUSALS.includes(k))).toEqual([]);
      // The uploaders read those answers: the connection of a refused upload lingers after the
      // answer, reading and dropping the rest of the body (doors/intake.ts lingerClose), so no
      // RST overtakes the answer. 300 of 300 read in each of 20 floods measured; closing at
      // once lost 0–71 of 300 to EPIPE. The slack of 3 is for timing alone, never a pattern.
      // Whatever they did read, the server sent.
      expect(r.statuses['0'] ?? 0).toBeLessThanOrEqual(3);
      const sent = (code: string) =>
        REFUSALS.filter((k) => k.endsWith(` ${code}`)).reduce((a, k) => a + (r.answered[k] ?? 0), 0);
      for (const [code, n] of Object.entries(r.statuses))
        if (code !== '0') expect(n, code).toBeLessThanOrEqual(sent(code));
      expect(server.logs.filter((l) => l.level >= 50)).toEqual([]);
    } finally {
      await server.kill();
    }
  }, 180_000);

  it('1,100 idle sockets against 1,024 file descriptors: signed requests keep answering', async () => {
    const server = await spawnServer(prepared.env, { nofile: 1024 });
    try {
      const r = await idleFlood(server, prepared.merchant, { count: 1100, probeMs: 6_000 });
      console.log(`[floods:${database.name}] idle flood`, JSON.stringify(r));
      // Silent sockets older than a second are reaped once 80% of the 900 slots are taken.
      expect(r.signed.ok).toBeGreaterThanOrEqual(r.signed.sent - 15);
      expect(r.signed.lastFailMs ?? 0).toBeLessThan(3_000);
      expect(server.logs.filter((l) => l.level >= 50)).toEqual([]);
    } finally {
      await server.kill();
    }
  }, 120_000);
});
