import { execFileSync } from 'node:child_process';
import { closeSync, constants, openSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** Settles to 'pending' if `p` has not settled within `ms`. */
export const within = <T>(p: Promise<T>, ms: number) =>
  Promise.race([p.then((v) => ({ settled: v })), sleep(ms).then(() => 'pending' as const)]);

/**
 * Holds every thread of libuv's pool (each blocked opening a FIFO in `dir` that nobody writes), so
 * no fsync of the WAL (db/wal-sync.ts) can run until `release()`. `close()` releases if need be
 * and closes the FIFO's readers.
 */
export async function holdThreadPool(dir: string): Promise<{ release(): void; close(): Promise<void> }> {
  const fifo = join(dir, `hold-${process.pid}-${Date.now()}`);
  execFileSync('mkfifo', [fifo]);
  const threads = Number(process.env.UV_THREADPOOL_SIZE ?? 4);
  const holds = Array.from({ length: threads }, () => open(fifo, 'r'));
  await sleep(50); // every pool thread is now blocked in open(2)
  // A writer opening the FIFO frees every blocked open.
  const release = () => closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
  return {
    release,
    async close() {
      try {
        release();
      } catch {
        // already released: no reader is left, so the non-blocking open refuses (ENXIO)
      }
      for (const h of await Promise.all(holds)) await h.close();
    },
  };
}
