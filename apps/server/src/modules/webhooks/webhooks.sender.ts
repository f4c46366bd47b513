import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Resolver } from './webhooks.address.ts';
import {
  createDispatcher,
  type Dispatcher,
  type DispatchJob,
  type DispatchResult,
} from './webhooks.dispatch.ts';
import { type AttemptOutcome, postOnce } from './webhooks.http.ts';

/** Messages to the sender's thread, and back. */
export type ToSender =
  { jobs: DispatchJob[] } | { takeBack: true; endpointIds?: string[] | undefined } | { idle: number };
export type FromSender = { results: DispatchResult[] } | { idle: number };

/** Hands claimed deliveries to the dispatcher (webhooks.dispatch.ts); results come back through `report`. */
export interface Sender {
  add(jobs: DispatchJob[]): void;
  /**
   * Every job not yet started comes back (as handed back) before `idle` resolves; with
   * `endpointIds`, only theirs (endpoints deleted: their claims must not start).
   */
  takeBack(endpointIds?: string[]): void;
  /** Resolves once nothing is in flight and every result has been reported. */
  idle(): Promise<void>;
  /** Starts the thread now, so the first attempt does not wait for it to load. */
  warm(): void;
  close(): Promise<void>;
}

export interface SenderOptions {
  timeoutMs: number;
  allowPrivate: boolean;
  concurrency: number;
  perEndpoint: number;
  userAgent: string;
  resolver?: Resolver | undefined;
  now?: (() => number) | undefined;
  report(results: DispatchResult[]): void;
  onError?: ((err: unknown) => void) | undefined;
}

/**
 * The HTTP side of deliveries, off the event loop that takes orders: a worker thread runs the
 * dispatcher (per-endpoint queues and concurrency, signing, resolve + SSRF check, connect, TLS,
 * POST, read up to 1 KB), so a busy webhook stream costs the order thread a message per batch of
 * claims and one per batch of results, not the attempts' CPU. The thread gets each delivery's
 * opened secrets with its job (it is this process's own thread; nothing leaves it but the
 * signature). If the thread dies, the jobs it held end as failed attempts (retried on schedule)
 * and the next batch starts a new one. The dispatcher runs inline instead with an injected
 * resolver or clock (tests: a function cannot cross into a thread), when the thread's module is
 * not there (a bundle built without its entry) or when the thread fails to load at all.
 */
export function createSender(o: SenderOptions): Sender {
  const policy = { allowPrivate: o.allowPrivate, resolver: o.resolver };
  const inline = () =>
    createDispatcher({
      timeoutMs: o.timeoutMs,
      concurrency: o.concurrency,
      perEndpoint: o.perEndpoint,
      userAgent: o.userAgent,
      now: o.now,
      post: (url, body, headers) => postOnce(url, body, headers, { timeoutMs: o.timeoutMs, policy }),
      report: o.report,
    });
  const entry = o.resolver || o.now ? null : threadEntry();
  if (!entry) {
    const d = inline();
    return {
      add: (jobs) => d.add(jobs),
      takeBack: (endpointIds) => void d.takeBack(endpointIds),
      idle: () => d.idle(),
      warm: () => undefined,
      close: async () => undefined,
    };
  }

  let fallback: Dispatcher | null = null;
  let answered = false;
  let worker: Worker | null = null;
  /** Jobs the thread holds (handed over, no result yet): reported as failed if it dies. */
  const held = new Set<number>();
  let nextIdle = 0;
  const idleWaiters = new Map<number, () => void>();

  const lost = (error: string): AttemptOutcome => ({
    ok: false,
    statusCode: null,
    latencyMs: 0,
    error,
    excerpt: null,
  });
  const loseAll = (error: string) => {
    const at = Date.now();
    const results: DispatchResult[] = [...held].map((key) => [key, lost(error), at]);
    held.clear();
    if (results.length > 0) o.report(results);
    for (const w of idleWaiters.values()) w();
    idleWaiters.clear();
  };

  function thread(): Worker {
    if (worker) return worker;
    const [file, options] = entry!;
    const w = new Worker(file, {
      ...options,
      workerData: {
        timeoutMs: o.timeoutMs,
        allowPrivate: o.allowPrivate,
        concurrency: o.concurrency,
        perEndpoint: o.perEndpoint,
        userAgent: o.userAgent,
      },
    });
    w.on('message', (m: FromSender) => {
      answered = true;
      if ('results' in m) {
        for (const [key] of m.results) held.delete(key);
        o.report(m.results);
      } else {
        idleWaiters.get(m.idle)?.();
        idleWaiters.delete(m.idle);
      }
    });
    const gone = () => {
      if (worker !== w) return;
      worker = null;
      loseAll('internal: sender thread stopped');
    };
    w.on('error', (err) => {
      o.onError?.(err);
      if (!answered) fallback = inline(); // it never worked: dispatch inline from now on
      gone();
    });
    w.on('exit', gone);
    w.unref(); // the worker's stop() waits for attempts; the thread alone keeps nothing alive
    worker = w;
    return w;
  }
  const send = (m: ToSender) => thread().postMessage(m);

  return {
    add(jobs) {
      if (fallback) return fallback.add(jobs);
      for (const j of jobs) held.add(j.key);
      try {
        send({ jobs });
      } catch (err) {
        loseAll(`internal: ${err instanceof Error ? err.message : String(err)}`);
      }
    },
    takeBack(endpointIds) {
      if (fallback) fallback.takeBack(endpointIds);
      else if (worker) send({ takeBack: true, endpointIds });
    },
    idle() {
      if (fallback) return fallback.idle();
      if (!worker) return Promise.resolve();
      const id = nextIdle++;
      const p = new Promise<void>((r) => idleWaiters.set(id, r));
      send({ idle: id });
      return p;
    },
    warm() {
      if (!fallback) thread();
    },
    async close() {
      const w = worker;
      worker = null;
      loseAll('internal: sender closed');
      await w?.terminate();
    },
  };
}

/**
 * The thread's module: the bundle's own entry (`dist/webhook-sender.mjs`, scripts/bundle.mjs)
 * when running the build, or null when the bundle has none; from source, the TypeScript module
 * beside this one, loaded through tsx's API (a worker thread inherits no loader, and `--import`
 * in its execArgv does not cover its entry module).
 */
function threadEntry(): [URL | string, { eval?: boolean }] | null {
  if (!import.meta.url.endsWith('.ts')) {
    const built = new URL('./webhook-sender.mjs', import.meta.url);
    return existsSync(fileURLToPath(built)) ? [built, {}] : null;
  }
  // The ESM build of tsx's API (require.resolve finds its CommonJS twin, whose register() breaks here).
  const api = pathToFileURL(
    createRequire(import.meta.url)
      .resolve('tsx/esm/api')
      .replace(/\.cjs$/, '.mjs'),
  ).href;
  const entry = new URL('./webhooks.sender-thread.ts', import.meta.url).href;
  const code = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  return [code, { eval: true }];
}
