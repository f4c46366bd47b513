import { sql } from 'kysely';
import type { Writer } from '../../db/writer.ts';
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
 * Claims go through the writer (on SQLite they ride the same group commits as orders).
 * A purge runs every `purgeIntervalMs` once the store is in use; the timer is unref'd.
 */
export function createNonceStore(deps: {
  writer: Writer;
  /**
   * PostgreSQL: commit claims with synchronous_commit off. A claim then needs no WAL flush of its
   * own; a crash can lose only the last few claims (reopening the replay window for those), never
   * make the table inconsistent, and orders keep their own fully durable commits.
   */
  asyncCommit?: boolean;
  purgeIntervalMs?: number;
  now?: () => number;
}): DbNonceStore {
  const nowSeconds = () => Math.floor((deps.now?.() ?? Date.now()) / 1000);
  const interval = deps.purgeIntervalMs ?? 60_000;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;

  const purgeExpired = () => deps.writer.run((trx) => repo.purgeExpired(trx, nowSeconds()));

  function ensureTimer(): void {
    if (timer || stopped) return;
    timer = setInterval(() => {
      // A failed purge (e.g. during shutdown) is retried next time; claims stay correct meanwhile.
      purgeExpired().catch(() => undefined);
    }, interval);
    timer.unref();
  }

  return {
    claim(appId, nonce, expiresAt) {
      ensureTimer();
      return deps.writer.run(async (trx) => {
        if (deps.asyncCommit) await sql`set local synchronous_commit = off`.execute(trx);
        return repo.claimNonce(trx, { appId, nonce, expiresAt, nowSeconds: nowSeconds() });
      });
    },
    purgeExpired,
    stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}
