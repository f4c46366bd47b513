/**
 * What the product list remembers between requests (docs/scaling.md "Catalog reads"):
 *
 * - **Totals** (`count(*)` per filter): a count walks every matching row, so at 100k products it
 *   costs ~100× the page itself. A total only changes when products are added, which happens in
 *   `upsertProducts`; the service bumps `catalogChanged()` before and after each such unit, so a
 *   count that raced the write is never kept. Orders (stock) leave totals alone.
 * - **Pages** (the finished `Page<Product>` object and its JSON text): any commit through this
 *   process's writer may have changed a page (an order takes stock), so a page is kept only while
 *   the writer's commit counter is where it was when the page's read started.
 *
 * Both also expire after `ttlMs` (default 1 s): that bounds how long a write made by ANOTHER
 * process on the same database (the CLI's `catalog import`, a second `serve` worker) can go
 * unseen here.
 */
import { rememberJson } from '../../shared/known-json.ts';

export interface CatalogCache {
  /** The total for `key`, from memory or from `count()`. */
  total(key: string, count: () => Promise<number>): Promise<number>;
  /** The page for `key`, from memory or from `read()`. */
  page<T extends object>(key: string, read: () => Promise<T>): Promise<T>;
  /** Call before and after a unit that adds or changes products. */
  catalogChanged(): void;
}

interface Entry<T> {
  value: T;
  at: number;
  mark: number;
}

export function createCatalogCache(opts: {
  /** This process's commit counter (the writer's): any change means any page may be stale. */
  commits: () => number;
  ttlMs?: number | undefined;
  /** Pages kept at once: ~20–60 KB each (object + text) at page_size 20–100. */
  maxPages?: number;
  now?: () => number;
}): CatalogCache {
  const ttl = opts.ttlMs ?? 1000;
  const maxPages = opts.maxPages ?? 64;
  const now = opts.now ?? Date.now;
  let generation = 0;
  const totals = new Map<string, Entry<number>>();
  const pages = new Map<string, Entry<object>>();

  const fresh = (e: Entry<unknown> | undefined, mark: number, t: number): boolean =>
    e !== undefined && e.mark === mark && t - e.at < ttl;

  function remember<T>(map: Map<string, Entry<T>>, key: string, entry: Entry<T>, max: number): void {
    map.delete(key);
    if (map.size >= max) map.delete(map.keys().next().value!);
    map.set(key, entry);
  }

  return {
    async total(key, count) {
      if (ttl <= 0) return count();
      const t = now();
      const hit = totals.get(key);
      if (fresh(hit, generation, t)) return hit!.value;
      const mark = generation;
      const value = await count();
      // A write that started while we counted may not be in `value`: do not keep it.
      if (mark === generation) remember(totals, key, { value, at: t, mark }, 256);
      return value;
    },

    async page(key, read) {
      if (ttl <= 0) return read();
      const t = now();
      const hit = pages.get(key);
      if (fresh(hit, opts.commits(), t)) return hit!.value as never;
      const mark = opts.commits();
      const value = await read();
      if (mark === opts.commits()) {
        // Its text once, for the B-End envelope (shared/known-json.ts).
        rememberJson(value);
        remember(pages, key, { value, at: t, mark }, maxPages);
      }
      return value;
    },

    catalogChanged() {
      generation++;
      totals.clear();
      pages.clear();
    },
  };
}
