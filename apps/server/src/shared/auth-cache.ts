/**
 * A short-lived cache of decrypted credentials for the auth hot path (each lookup otherwise costs
 * a query and an AES-GCM open). Only hits are cached, so junk ids cannot fill it. Changes made in
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
  let generation = 0;
  return {
    async get(key, load) {
      const hit = entries.get(key);
      if (hit && hit.expires > Date.now()) return hit.value;
      entries.delete(key);
      const startedAt = generation;
      const value = await load();
      if (value !== null && startedAt === generation) {
        if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
        entries.set(key, { value, expires: Date.now() + ttl });
      }
      return value;
    },
    invalidate(key) {
      generation++;
      entries.delete(key);
    },
    invalidateWhere(match) {
      generation++;
      for (const [key, entry] of entries) if (match(entry.value)) entries.delete(key);
    },
  };
}
