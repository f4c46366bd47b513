import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Resolver } from './webhooks.address.ts';
import { type AttemptOutcome, postOnce } from './webhooks.http.ts';

/** One POST for the sender's thread: the body is signed already (the thread never sees a secret). */
export interface SenderJob {
  id: number;
  url: string;
  body: string;
  headers: Record<string, string>;
}

/** Sends delivery attempts; `post` never rejects (every failure is an outcome). */
export interface Sender {
  post(url: string, body: string, headers: Record<string, string>): Promise<AttemptOutcome>;
  /** Starts the thread now, so the first attempt does not wait for it to load. */
  warm(): void;
  close(): Promise<void>;
}

/**
 * The HTTP side of deliveries, off the event loop that takes orders: a worker thread runs every
 * attempt (resolve + SSRF check, connect, TLS, POST, read up to 1 KB), so a busy webhook
 * stream costs the order path a message per batch of attempts rather than the attempts' CPU.
 * Jobs and answers travel in batches (one message per turn of each loop). If the thread dies,
 * its attempts in flight end as failed attempts (retried on schedule) and the next post starts
 * a new one. The attempts run inline instead with an injected resolver (tests: a function
 * cannot cross into a thread), when the thread's module is not there (a bundle built without its
 * entry) or when the thread fails to load at all.
 */
export function createSender(o: {
  timeoutMs: number;
  allowPrivate: boolean;
  resolver?: Resolver | undefined;
  onError?: ((err: unknown) => void) | undefined;
}): Sender {
  const policy = { allowPrivate: o.allowPrivate, resolver: o.resolver };
  const inline = (url: string, body: string, headers: Record<string, string>) =>
    postOnce(url, body, headers, { timeoutMs: o.timeoutMs, policy });
  const entry = o.resolver ? null : threadEntry();
  if (!entry) return { post: inline, warm: () => undefined, close: async () => undefined };

  let threadless = false;
  let answered = false;
  let worker: Worker | null = null;
  let nextId = 0;
  const pending = new Map<number, (r: AttemptOutcome) => void>();
  let queue: SenderJob[] = [];

  const lost = (error: string): AttemptOutcome => ({
    ok: false,
    statusCode: null,
    latencyMs: 0,
    error,
    excerpt: null,
  });

  function thread(): Worker {
    if (worker) return worker;
    const [file, options] = entry!;
    const w = new Worker(file, {
      ...options,
      workerData: { timeoutMs: o.timeoutMs, allowPrivate: o.allowPrivate },
    });
    w.on('message', (answers: Array<[number, AttemptOutcome]>) => {
      answered = true;
      for (const [id, r] of answers) {
        pending.get(id)?.(r);
        pending.delete(id);
      }
    });
    const gone = () => {
      if (worker !== w) return;
      worker = null;
      for (const done of pending.values()) done(lost('internal: sender thread stopped'));
      pending.clear();
    };
    w.on('error', (err) => {
      o.onError?.(err);
      if (!answered) threadless = true; // it never worked: send inline from now on
      gone();
    });
    w.on('exit', gone);
    w.unref(); // the worker's stop() waits for attempts; the thread alone keeps nothing alive
    worker = w;
    return w;
  }

  return {
    post(url, body, headers) {
      if (threadless) return inline(url, body, headers);
      const id = nextId++;
      const answer = new Promise<AttemptOutcome>((resolve) => pending.set(id, resolve));
      queue.push({ id, url, body, headers });
      if (queue.length === 1) {
        setImmediate(() => {
          const jobs = queue;
          queue = [];
          try {
            thread().postMessage(jobs);
          } catch (err) {
            for (const j of jobs) {
              pending.get(j.id)?.(lost(`internal: ${err instanceof Error ? err.message : String(err)}`));
              pending.delete(j.id);
            }
          }
        });
      }
      return answer;
    },
    warm() {
      if (!threadless) thread();
    },
    async close() {
      const w = worker;
      worker = null;
      for (const done of pending.values()) done(lost('internal: sender closed'));
      pending.clear();
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
