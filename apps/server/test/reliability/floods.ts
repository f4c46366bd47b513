/**
 * The resource floods of #13 items 2 and 3, as functions the CI test and `npm run soak` share.
 * Traffic goes to the loopback server only, bounded in count and time.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { bend } from '../helpers/bend-http.ts';
import type { TestMerchant } from '../helpers/test-server.ts';
import type { ServerProcess } from './server-process.ts';

/** A process's CPU time so far (utime + stime of /proc/<pid>/stat, in clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const BLOCK = Buffer.alloc(64 * 1024, 0x61);
const CHUNK = Buffer.concat([Buffer.from(`${BLOCK.length.toString(16)}\r\n`), BLOCK, Buffer.from('\r\n')]);

/** One unauthenticated upload of `bytes`: Content-Length or chunked; resolves with the status line's code (0 = none). */
function upload(url: URL, path: string, bytes: number, chunked: boolean): Promise<number> {
  return new Promise((resolve) => {
    const sock = net.connect(Number(url.port), url.hostname);
    let answer = '';
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      sock.destroy();
      resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0));
    };
    sock.on('data', (c) => {
      answer += c.toString('latin1');
      if (answer.includes('\r\n\r\n')) finish();
    });
    sock.on('error', finish);
    sock.on('close', finish);
    sock.setTimeout(30_000, finish);
    sock.on('connect', () => {
      const head = chunked ? 'Transfer-Encoding: chunked' : `Content-Length: ${bytes}`;
      sock.write(
        `POST ${path} HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: application/json\r\n${head}\r\n\r\n`,
      );
      let sent = 0;
      const pump = () => {
        while (!done && sent < bytes) {
          const piece = chunked ? CHUNK : BLOCK;
          sent += BLOCK.length;
          if (!sock.write(piece)) return void sock.once('drain', pump);
        }
        if (!done && chunked) sock.write('0\r\n\r\n');
      };
      pump();
    });
  });
}

/** `count` concurrent uploads of `bytes`, half chunked, over the B-End and Action API paths: status → how many. */
export async function uploadMany(url: URL, count: number, bytes: number): Promise<Record<string, number>> {
  const paths = ['/api/v1/orders', '/api/v1/batch-orders', '/api/action?Action=CreateOrder'];
  const codes = await Promise.all(
    Array.from({ length: count }, (_, i) => upload(url, paths[i % paths.length]!, bytes, i % 2 === 1)),
  );
  const statuses: Record<string, number> = {};
  for (const c of codes) statuses[c] = (statuses[c] ?? 0) + 1;
  return statuses;
}

/**
 * The POSTs the server answered, as `door code` → how many, from its own request counter (its
 * /metrics behind `token`; observed once the answer is handed to the kernel): what the server
 * did, whichever answers reached the uploaders.
 */
async function postsAnswered(url: string, token: string): Promise<Record<string, number>> {
  const res = await fetch(new URL('/metrics', url), { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200)
    throw new Error(`/metrics answered ${res.status}: start the server with TRADEPOST_METRICS_TOKEN`);
  const answered: Record<string, number> = {};
  for (const m of (await res.text()).matchAll(
    /^tradepost_http_request_duration_seconds_count\{(.*)\} (\S+)$/gm,
  )) {
    const labels = Object.fromEntries([...m[1]!.matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1]!, x[2]!]));
    if (labels.method !== 'POST') continue;
    const key = `${labels.door} ${labels.code}`;
    answered[key] = (answered[key] ?? 0) + Number(m[2]);
  }
  return answered;
}

export interface UploadFloodResult {
  uploads: number;
  /** What the uploaders read, status → how many (0: no status line, the connection was reset first). */
  statuses: Record<string, number>;
  /** What the server answered to them, `door code` → how many (postsAnswered). */
  answered: Record<string, number>;
  baselineMb: number;
  peakMb: number;
  /** ms after the flood until RSS was under 200 MB (null: not within the wait). */
  settledMs: number | null;
  settledMb: number;
  signed: { sent: number; ok: number; p50Ms: number; maxMs: number };
  seconds: number;
  /** The server process's CPU time (user + system) from the flood's start to its last answer. */
  serverCpuMs: number;
}

/**
 * `count` concurrent unauthenticated uploads of `bytes` each (half with Content-Length, half
 * chunked; spread over the B-End and Action API paths) while one signed B-End request per 100 ms
 * checks that the server still answers; then waits up to `settleMs` for RSS to fall under 200 MB.
 * The server must have been started with TRADEPOST_METRICS_TOKEN = `metricsToken`.
 */
export async function uploadFlood(
  server: ServerProcess,
  merchant: TestMerchant,
  opts: { count: number; bytes: number; settleMs: number; metricsToken: string },
): Promise<UploadFloodResult> {
  const url = new URL(server.url);
  const answeredBefore = await postsAnswered(server.url, opts.metricsToken);
  const cpuBefore = cpuMs(server.pid);
  const baselineMb = server.memory().rssMb;
  const started = Date.now();
  const statuses: Record<string, number> = {};
  let flooding = true;
  const latencies: number[] = [];
  let sent = 0;
  const prober = (async () => {
    while (flooding) {
      const t = performance.now();
      sent++;
      try {
        const r = await bend(server.url, merchant, 'GET', '/credit');
        if (r.payload.code === 0) latencies.push(performance.now() - t);
      } catch {
        /* counted as not ok */
      }
      await sleep(100);
    }
  })();
  const child = fileURLToPath(new URL('./upload-child.ts', import.meta.url));
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', child, url.href, String(opts.count), String(opts.bytes)],
    {
      maxBuffer: 1 << 20,
    },
  );
  Object.assign(statuses, (JSON.parse(stdout.trim()) as { statuses: Record<string, number> }).statuses);
  flooding = false;
  await prober;
  const answered = await postsAnswered(server.url, opts.metricsToken);
  for (const [key, n] of Object.entries(answeredBefore)) answered[key] = (answered[key] ?? 0) - n;
  const peakMb = server.memory().peakMb;
  const serverCpuMs = cpuMs(server.pid) - cpuBefore;
  const floodEnd = Date.now();
  let settledMs: number | null = null;
  while (Date.now() - floodEnd < opts.settleMs) {
    if (server.memory().rssMb < 200) {
      settledMs = Date.now() - floodEnd;
      break;
    }
    await sleep(250);
  }
  latencies.sort((a, b) => a - b);
  return {
    uploads: opts.count,
    statuses,
    answered,
    baselineMb,
    peakMb,
    settledMs,
    settledMb: server.memory().rssMb,
    signed: {
      sent,
      ok: latencies.length,
      p50Ms: latencies[Math.floor(latencies.length / 2)] ?? NaN,
      maxMs: latencies.at(-1) ?? NaN,
    },
    seconds: (Date.now() - started) / 1000,
    serverCpuMs,
  };
}

export interface IdleFloodResult {
  idle: number;
  /** Signed requests sent while the idle sockets were held, and how many answered. */
  signed: { sent: number; ok: number; firstOkMs: number | null; lastFailMs: number | null };
}

/** Opens `count` sockets that never send a byte, then sends a signed request every 100 ms for `probeMs`. */
export async function idleFlood(
  server: ServerProcess,
  merchant: TestMerchant,
  opts: { count: number; probeMs: number },
): Promise<IdleFloodResult> {
  const url = new URL(server.url);
  const sockets: net.Socket[] = [];
  for (let i = 0; i < opts.count; i++) {
    const s = net.connect(Number(url.port), url.hostname);
    s.on('error', () => undefined);
    sockets.push(s);
  }
  const started = Date.now();
  let sent = 0;
  let ok = 0;
  let firstOkMs: number | null = null;
  let lastFailMs: number | null = null;
  try {
    while (Date.now() - started < opts.probeMs) {
      sent++;
      try {
        const r = await bend(server.url, merchant, 'GET', '/credit');
        if (r.payload.code !== 0) throw new Error(String(r.payload.code));
        ok++;
        firstOkMs ??= Date.now() - started;
      } catch {
        lastFailMs = Date.now() - started;
      }
      await sleep(100);
    }
  } finally {
    for (const s of sockets) s.destroy();
  }
  return { idle: opts.count, signed: { sent, ok, firstOkMs, lastFailMs } };
}
