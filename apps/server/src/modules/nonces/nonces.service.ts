import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { Writer } from '../../db/writer.ts';
import { perTick } from '../../shared/per-tick.ts';
import * as repo from './nonces.repository.ts';

/**
 * Structurally identical to @tradepost/protocol's NonceStore (docs/architecture.md), declared
 * here so the data layer does not depend on the protocol package.
 */
export interface NonceStore {
  /** Records (appId, nonce) until expiresAt (unix seconds). Resolves false if it was already there. */
  claim(appId: string, nonce: string, expiresAt: number): Promise<boolean>;
}

export interface DbNonceStore extends NonceStore {
  /** Deletes expired rows now; returns how many. */
  purgeExpired(): Promise<number>;
  /** Stops the periodic purge. */
  stop(): void;
}

/**
 * DB-backed, so every server process sharing the database refuses a replay seen by any of them.
 * Through `db` when given (PostgreSQL: a pool whose sessions commit with synchronous_commit off, so
 * claims cost no WAL flush of their own — a crash can lose only the last few claims, reopening the
 * replay window for those, and orders keep their own fully durable commits) the claims of one
 * event-loop tick go as ONE statement: one round trip and one transaction however many requests
 * arrived together, where one per claim made the replay guard a second transaction per order.
 * Otherwise each claim is a unit of the writer.
 * A purge runs every `purgeIntervalMs` once the store is in use; the timer is unref'd.
 */
export function createNonceStore(deps: {
  writer: Writer;
  db?: Kysely<Database> | undefined;
  purgeIntervalMs?: number;
  now?: () => number;
}): DbNonceStore {
  const run = <T>(fn: (db: Kysely<Database>) => Promise<T>): Promise<T> =>
    deps.db ? fn(deps.db) : deps.writer.run(fn);
  const nowSeconds = () => Math.floor((deps.now?.() ?? Date.now()) / 1000);
  const interval = deps.purgeIntervalMs ?? 60_000;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;

  const purgeExpired = () => run((db) => repo.purgeExpired(db, nowSeconds()));

  function ensureTimer(): void {
    if (timer || stopped) return;
    timer = setInterval(() => {
      // A failed purge (e.g. during shutdown) is retried next time; claims stay correct meanwhile.
      purgeExpired().catch(() => undefined);
    }, interval);
    timer.unref();
  }

  const db = deps.db;
  const claimInTick =
    db &&
    perTick<{ appId: string; nonce: string; expiresAt: number }, boolean>(async (batch) => {
      const won = await repo.claimNonces(
        db,
        batch.map((w) => w.arg),
        nowSeconds(),
      );
      batch.forEach((w, i) => w.resolve(won[i]!));
    });

  return {
    claim(appId, nonce, expiresAt) {
      ensureTimer();
      if (claimInTick) return claimInTick({ appId, nonce, expiresAt });
      return run((trx) => repo.claimNonce(trx, { appId, nonce, expiresAt, nowSeconds: nowSeconds() }));
    },
    purgeExpired,
    stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}
