/**
 * A short-lived cache of decrypted credentials for the auth hot path (each lookup otherwise costs
 * a query and an AES-GCM open). Misses are cached too, in a separate bounded map, so an unknown
 * id costs the same as a known one once seen (timing must not tell which users exist, #13 item 4)
 * while junk ids can only push out other junk, never a real credential. Changes made in
 * this process invalidate at once; the TTL bounds how long another process (the CLI, a second
 * server) can be out of date. A lookup that raced an invalidation does not store what it read.
 */
export interface AuthCache<V> {
  get(key: string, load: () => Promise<V | null>): Promise<V | null>;
  invalidate(key: string): void;
  /** Drops every entry the predicate matches (e.g. all credentials of a suspended merchant). */
  invalidateWhere(match: (value: V) => boolean): void;
}

export function createAuthCache<V>(opts: { ttlMs?: number; maxEntries?: number } = {}): AuthCache<V> {
  const ttl = opts.ttlMs ?? 5_000;
  const maxEntries = opts.maxEntries ?? 10_000;
  const entries = new Map<string, { value: V; expires: number }>();
  const misses = new Map<string, number>();
  let generation = 0;
  return {
    async get(key, load) {
      const now = Date.now();
      const hit = entries.get(key);
      if (hit && hit.expires > now) return hit.value;
      const miss = misses.get(key);
      if (miss !== undefined && miss > now) return null;
      entries.delete(key);
      misses.delete(key);
      const startedAt = generation;
      const value = await load();
      if (startedAt === generation) {
        const store: Map<string, unknown> = value === null ? misses : entries;
        if (store.size >= maxEntries) store.delete(store.keys().next().value!);
        if (value === null) misses.set(key, Date.now() + ttl);
        else entries.set(key, { value, expires: Date.now() + ttl });
      }
      return value;
    },
    invalidate(key) {
      generation++;
      entries.delete(key);
      misses.delete(key);
    },
    invalidateWhere(match) {
      generation++;
      for (const [key, entry] of entries) if (match(entry.value)) entries.delete(key);
      // A merchant's change can make a missing credential appear (a reactivated user): forget misses.
      misses.clear();
    },
  };
}
