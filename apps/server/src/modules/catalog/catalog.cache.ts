/**
 * What the product list remembers between requests (docs/scaling.md "Catalog reads"):
 *
 * - **Totals** (`count(*)` per filter): a count walks every matching row, so at 100k products it
 *   costs ~100× the page itself. A total only changes when products are added, which happens in
 *   `upsertProducts`; the service bumps `catalogChanged()` before and after each such unit, so a
 *   count that raced the write is never kept. Orders (stock) leave totals alone.
 * - **Pages** (the finished `Page<Product>` and its JSON text): kept until a catalog write
 *   (`catalogChanged`). Orders do NOT make a page stale: a page's stock is overlaid at serve time
 *   with the last stock this process's writer committed for each of its SKUs (`stockCommitted`,
 *   called from afterCommit hooks), so a page read during a flood of orders is a hit, not a
 *   rebuild on the event loop, and still shows stock no older than the last commit here. The
 *   text is kept split at each SKU's stock value, so a changed stock costs a join, not a
 *   JSON.stringify.
 *
 * Both also expire after `ttlMs` (default 1 s): that bounds how long a write made by ANOTHER
 * process on the same database (the CLI's `catalog import`, a second `serve` worker, another
 * process's orders) can go unseen here.
 */
import type { Product } from '@tradepost/protocol';
import { rememberJson } from '../../shared/known-json.ts';
import type { Page } from '../../shared/validation.ts';

export interface CatalogCache {
  /** The total for `key`, from memory or from `count()`. */
  total(key: string, count: () => Promise<number>): Promise<number>;
  /**
   * The page for `key`, from memory or from `read()`, with this process's latest committed
   * stock. The answer is frozen and its JSON text is known (shared/known-json.ts).
   */
  page(key: string, read: () => Promise<Page<Product>>): Promise<Page<Product>>;
  /** Call before and after a unit that adds or changes products (not for stock alone). */
  catalogChanged(): void;
  /** A stock value that this process's writer has just committed for `skuId`. */
  stockCommitted(skuId: string, stock: number): void;
}

interface Entry<T> {
  value: T;
  at: number;
  mark: number;
}

/** A cached page: what was read, and what was last served (the read with newer stock). */
interface PageEntry {
  at: number;
  /** The catalog generation when its read started. */
  mark: number;
  /** `stockSeq` when its read started: stock committed after that may be newer than the read's. */
  since: number;
  read: Page<Product>;
  /** Every SKU of the page, in the order its stock appears in the text. */
  skuIds: string[];
  /** The text split at each stock value (skuIds.length + 1 pieces); null: could not split. */
  pieces: string[] | null;
  served: Page<Product>;
  servedStocks: number[];
  /** `stockSeq` when `served` was last checked against the overlay. */
  servedSeq: number;
}

interface Stock {
  stock: number;
  seq: number;
  at: number;
}

const STOCK_KEY = '"stock":';

/** The page's text cut around each SKU's stock, or null if the text is not laid out as expected. */
function splitAtStocks(text: string, page: Page<Product>): string[] | null {
  const pieces: string[] = [];
  let from = 0;
  for (const p of page.items) {
    for (const s of p.skus) {
      // A key: inside a JSON string a '"' is always escaped, so '"stock":' cannot occur in text.
      const at = text.indexOf(STOCK_KEY, from);
      const value = String(s.stock);
      if (at < 0 || !text.startsWith(value, at + STOCK_KEY.length)) return null;
      pieces.push(text.slice(from, at + STOCK_KEY.length));
      from = at + STOCK_KEY.length + value.length;
    }
  }
  if (text.indexOf(STOCK_KEY, from) >= 0) return null;
  pieces.push(text.slice(from));
  return pieces;
}

/** Cached answers are shared by every caller: frozen so no caller can change another's. */
function frozen<T extends object>(value: T): T {
  Object.freeze(value);
  return value;
}

/** `read` with `stocks` (in skuIds order) in place of its SKUs' stock; unchanged parts shared. */
function withStocks(read: Page<Product>, stocks: readonly number[]): Page<Product> {
  let k = 0;
  const items = read.items.map((p) => {
    let changed = false;
    const skus = p.skus.map((s) => {
      const stock = stocks[k++]!;
      if (stock === s.stock) return s;
      changed = true;
      return frozen({ ...s, stock });
    });
    return changed ? frozen({ ...p, skus: frozen(skus) }) : p;
  });
  return frozen({ ...read, items: frozen(items) });
}

export function createCatalogCache(
  opts: {
    ttlMs?: number | undefined;
    /** Pages kept at once: ~20–60 KB each (object + text) at page_size 20–100. */
    maxPages?: number;
    now?: () => number;
  } = {},
): CatalogCache {
  const ttl = opts.ttlMs ?? 1000;
  const maxPages = opts.maxPages ?? 64;
  const now = opts.now ?? Date.now;
  let generation = 0;
  const totals = new Map<string, Entry<number>>();
  const pages = new Map<string, PageEntry>();
  /** Committed stock by SKU, oldest first (re-inserted on update), so expiry walks from the front. */
  const stocks = new Map<string, Stock>();
  let stockSeq = 0;

  function remember<T>(map: Map<string, T>, key: string, entry: T, max: number): void {
    map.delete(key);
    if (map.size >= max) map.delete(map.keys().next().value!);
    map.set(key, entry);
  }

  /** The page with the latest committed stock of each of its SKUs (the same object if none moved). */
  function serve(e: PageEntry): Page<Product> {
    if (e.servedSeq === stockSeq) return e.served;
    e.servedSeq = stockSeq;
    let next: number[] | undefined;
    for (let i = 0; i < e.skuIds.length; i++) {
      const s = stocks.get(e.skuIds[i]!);
      // Committed before the read started: the read has it (or something newer).
      if (s === undefined || s.seq <= e.since || s.stock === e.servedStocks[i]) continue;
      next ??= [...e.servedStocks];
      next[i] = s.stock;
    }
    if (next === undefined) return e.served;
    const served = withStocks(e.read, next);
    let text: string | undefined;
    if (e.pieces) {
      text = e.pieces[0]!;
      for (let i = 0; i < next.length; i++) text += next[i]! + e.pieces[i + 1]!;
    }
    rememberJson(served, text);
    e.served = served;
    e.servedStocks = next;
    return served;
  }

  return {
    async total(key, count) {
      if (ttl <= 0) return count();
      const t = now();
      const hit = totals.get(key);
      if (hit !== undefined && hit.mark === generation && t - hit.at < ttl) return hit.value;
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
      if (hit !== undefined && hit.mark === generation && t - hit.at < ttl) return serve(hit);
      const mark = generation;
      const since = stockSeq;
      const value = await read();
      if (mark !== generation) return value;
      const text = JSON.stringify(value);
      // Its text once, for the B-End envelope (shared/known-json.ts).
      rememberJson(value, text);
      const skuIds: string[] = [];
      const readStocks: number[] = [];
      for (const p of value.items) {
        for (const s of p.skus) {
          skuIds.push(s.sku_id);
          readStocks.push(s.stock);
        }
      }
      const entry: PageEntry = {
        at: t,
        mark,
        since,
        read: value,
        skuIds,
        pieces: splitAtStocks(text, value),
        served: value,
        servedStocks: readStocks,
        servedSeq: since,
      };
      remember(pages, key, entry, maxPages);
      // Stock committed while it was read may be newer than what the read saw.
      return serve(entry);
    },

    catalogChanged() {
      generation++;
      totals.clear();
      pages.clear();
    },

    stockCommitted(skuId, stock) {
      if (ttl <= 0) return;
      const t = now();
      stocks.delete(skuId);
      stocks.set(skuId, { stock, seq: ++stockSeq, at: t });
      // Stock committed more than a TTL ago is older than every live page's read: forget it.
      for (const [id, s] of stocks) {
        if (t - s.at < ttl) break;
        stocks.delete(id);
      }
    },
  };
}
