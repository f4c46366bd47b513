/**
 * Where the B-End verifier records `(app_id, nonce)` pairs against replay (step 5).
 * The server's is database-backed and shared by its processes; {@link MemoryNonceStore} is for one process.
 *
 * @example
 * ```ts
 * import type { NonceStore } from '@tradepost/protocol';
 *
 * const nonceStore: NonceStore = {
 *   async claim(appId, nonce, expiresAt) {
 *     const inserted = await db.insertInto('nonces').values({ appId, nonce, expiresAt }).onConflict((c) => c.doNothing()).execute();
 *     return Number(inserted[0]?.numInsertedOrUpdatedRows ?? 0) === 1;
 *   },
 * };
 * ```
 */
export interface NonceStore {
  /** Records (appId, nonce) until expiresAt (unix seconds). Resolves false if it was already there. */
  claim(appId: string, nonce: string, expiresAt: number): Promise<boolean>;
}

/**
 * An in-process {@link NonceStore}: entries live until their expiry, expired ones are purged lazily
 * as claims come in, and the map never grows past `maxEntries` (default 100 000). When it is full of
 * live entries the oldest are dropped: a bounded memory beats an unbounded one, and the oldest
 * entries are the closest to leaving the timestamp window anyway. Size it above your peak number of
 * requests per window. `now` (unix seconds) is injectable for tests.
 *
 * @example
 * ```ts
 * import { MemoryNonceStore, verifyBendRequest } from '@tradepost/protocol';
 *
 * const nonceStore = new MemoryNonceStore({ maxEntries: 50_000 });
 * const r = await verifyBendRequest(fields, { lookupApp, nonceStore });
 * ```
 */
export class MemoryNonceStore implements NonceStore {
  readonly #entries = new Map<string, number>();
  readonly #maxEntries: number;
  readonly #now: () => number;

  constructor(opts?: { maxEntries?: number; now?: () => number }) {
    const max = opts?.maxEntries ?? 100_000;
    this.#maxEntries = Number.isSafeInteger(max) && max > 0 ? max : 100_000;
    this.#now = opts?.now ?? (() => Date.now() / 1000);
  }

  /** Entries currently held, expired ones included until purged. */
  get size(): number {
    return this.#entries.size;
  }

  async claim(appId: string, nonce: string, expiresAt: number): Promise<boolean> {
    const now = this.#now();
    // App IDs and nonces never contain NUL, so the joined key is unambiguous.
    const key = `${appId}\u0000${nonce}`;
    const existing = this.#entries.get(key);
    if (existing !== undefined && existing > now) return false;
    this.#entries.delete(key);
    this.#purgeHead(now);
    if (this.#entries.size >= this.#maxEntries) this.#makeRoom(now);
    this.#entries.set(key, expiresAt);
    return true;
  }

  /** Cheap and amortized O(1): insertion order roughly follows expiry, so expired entries sit in front. */
  #purgeHead(now: number): void {
    for (const [key, expiresAt] of this.#entries) {
      if (expiresAt > now) return;
      this.#entries.delete(key);
    }
  }

  /** Full sweep, then evict the oldest down to 90% so the next claims do not sweep again. */
  #makeRoom(now: number): void {
    for (const [key, expiresAt] of this.#entries) {
      if (expiresAt <= now) this.#entries.delete(key);
    }
    const target = Math.floor(this.#maxEntries * 0.9);
    for (const key of this.#entries.keys()) {
      if (this.#entries.size <= target) break;
      this.#entries.delete(key);
    }
  }
}
