/**
 * Field rules for imported products, shared by the JSON and CSV readers so both formats accept
 * exactly the same data and word their complaints the same way. Every problem is collected (not
 * just the first) because an operator fixing a file wants the whole list in one go.
 *
 * The catalog service validates again on upsert; these checks exist so a bad file is refused
 * before anything is written, with line numbers the service cannot know.
 */
import { formatMoney, parseMoney } from '../shared/money.ts';
import type { JsonPath } from './json-locator.ts';
import type { ProductInput, SaleStatus, SkuInput } from './product-input.ts';

export interface ImportIssue {
  /** 1-based line in the source file. */
  line: number;
  message: string;
}

/** Where a field of one raw product sits in the file, and what to call it in a message. */
export interface FieldLocator {
  line(path: JsonPath): number;
  label(path: JsonPath): string;
}

export interface RawProduct {
  raw: unknown;
  at: FieldLocator;
}

/** The catalog service's own bounds (catalog.service.ts), so a file that passes here upserts. */
export const LIMITS = Object.freeze({
  id: 64,
  title: 500,
  description: 20_000,
  category: 128,
  spec: 500,
  imageUrl: 2048,
  images: 50,
  skus: 500,
  stock: 1_000_000_000,
});

const ID_PATTERN = /^[A-Za-z0-9_.-]+$/;

export function validateProducts(items: Iterable<RawProduct>): {
  products: ProductInput[];
  issues: ImportIssue[];
} {
  const products: ProductInput[] = [];
  const issues: ImportIssue[] = [];
  const goodsSeen = new Map<string, number>();
  const skusSeen = new Map<string, number>();
  for (const item of items) {
    const product = validateProduct(item, issues);
    // Ids are unique per file (upsert would otherwise let the last row silently win). Checked on
    // the raw values so a clash is reported even when its product has other problems too.
    const { goodsId, skuIds } = rawIds(item.raw);
    const claim = (seen: Map<string, number>, id: string, path: JsonPath) => {
      const first = seen.get(id);
      if (first !== undefined) report(issues, item.at, path, `"${id}" is already used at line ${first}`);
      else seen.set(id, item.at.line(path));
    };
    if (goodsId !== undefined) claim(goodsSeen, goodsId, ['goods_id']);
    skuIds.forEach((id, i) => id !== undefined && claim(skusSeen, id, ['skus', i, 'sku_id']));
    if (product) products.push(product);
  }
  return { products, issues };
}

function rawIds(raw: unknown): { goodsId?: string; skuIds: (string | undefined)[] } {
  const idOf = (v: unknown) =>
    (typeof v === 'string' || typeof v === 'number') && String(v).trim() !== ''
      ? String(v).trim()
      : undefined;
  if (typeof raw !== 'object' || raw === null) return { skuIds: [] };
  const { goods_id, skus } = raw as { goods_id?: unknown; skus?: unknown };
  const skuIds = Array.isArray(skus)
    ? skus.map((s: unknown) => idOf((s as { sku_id?: unknown } | null)?.sku_id))
    : [];
  const goodsId = idOf(goods_id);
  return goodsId === undefined ? { skuIds } : { goodsId, skuIds };
}

function report(issues: ImportIssue[], at: FieldLocator, path: JsonPath, problem: string): void {
  issues.push({ line: at.line(path), message: `${at.label(path)}: ${problem}` });
}

/** Returns the normalised product, or null after reporting at least one issue. */
function validateProduct({ raw, at }: RawProduct, issues: ImportIssue[]): ProductInput | null {
  const before = issues.length;
  const bad = (path: JsonPath, problem: string) => report(issues, at, path, problem);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    bad([], 'must be an object with title, category, currency and skus');
    return null;
  }
  const p = raw as Record<string, unknown>;
  const goodsId = optionalId(p.goods_id, ['goods_id'], bad);
  const title = text(p.title, ['title'], LIMITS.title, true, bad);
  const description =
    p.description === undefined || p.description === null
      ? ''
      : text(p.description, ['description'], LIMITS.description, false, bad);
  const category = text(p.category, ['category'], LIMITS.category, true, bad);
  const currency = currencyCode(p.currency, ['currency'], bad);
  const status = saleStatus(p.status, ['status'], bad);
  const images = imageList(p.images, bad);
  const skus = skuList(p.skus, bad);
  if (issues.length > before || skus === null) return null;
  const product: ProductInput = {
    title: title as string,
    description: description as string,
    category: category as string,
    images,
    currency: currency as string,
    skus,
  };
  if (goodsId !== undefined) product.goods_id = goodsId;
  if (status !== undefined) product.status = status;
  return product;
}

type Bad = (path: JsonPath, problem: string) => void;

const isBlank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

function text(v: unknown, path: JsonPath, max: number, required: boolean, bad: Bad): string | undefined {
  if (v === undefined || v === null) return void bad(path, 'required');
  if (typeof v !== 'string') return void bad(path, 'must be a string');
  const s = v.trim();
  if (required && s === '') return void bad(path, 'must not be empty');
  if (s.length > max) return void bad(path, `is longer than ${max} characters`);
  return s;
}

function optionalId(v: unknown, path: JsonPath, bad: Bad): string | undefined {
  if (isBlank(v)) return undefined;
  if (typeof v !== 'string' && typeof v !== 'number') return void bad(path, 'must be a string');
  const s = String(v).trim();
  if (s.length > LIMITS.id || !ID_PATTERN.test(s)) {
    return void bad(path, `"${s}" must be 1-${LIMITS.id} letters, digits, "_", "-" or "."`);
  }
  return s;
}

function currencyCode(v: unknown, path: JsonPath, bad: Bad): string | undefined {
  if (isBlank(v)) return void bad(path, 'required (ISO 4217, e.g. USD)');
  if (typeof v !== 'string' || !/^[A-Za-z]{3}$/.test(v.trim())) {
    return void bad(path, `${JSON.stringify(v)} is not a 3-letter ISO 4217 code`);
  }
  return v.trim().toUpperCase();
}

function saleStatus(v: unknown, path: JsonPath, bad: Bad): SaleStatus | undefined {
  if (isBlank(v)) return undefined;
  if (v === 'on_sale' || v === 'off_sale') return v;
  return void bad(path, `${JSON.stringify(v)} must be on_sale or off_sale`);
}

function imageList(v: unknown, bad: Bad): string[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) {
    bad(['images'], 'must be a list of URLs');
    return [];
  }
  if (v.length > LIMITS.images) bad(['images'], `at most ${LIMITS.images} images`);
  const urls: string[] = [];
  v.forEach((u, i) => {
    const path = ['images', i];
    if (typeof u !== 'string') return bad(path, 'must be a URL string');
    const url = u.trim();
    if (!isHttpUrl(url) || url.length > LIMITS.imageUrl)
      return bad(path, `${JSON.stringify(url)} is not an http(s) URL`);
    urls.push(url);
  });
  return urls;
}

function isHttpUrl(s: string): boolean {
  try {
    const url = new URL(s);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

function skuList(v: unknown, bad: Bad): SkuInput[] | null {
  if (!Array.isArray(v) || v.length === 0) {
    bad(['skus'], 'must be a non-empty list of SKUs');
    return null;
  }
  if (v.length > LIMITS.skus) bad(['skus'], `at most ${LIMITS.skus} SKUs per product`);
  const skus: SkuInput[] = [];
  const specs = new Map<string, number>();
  v.forEach((raw, i) => {
    const at = (field?: string): JsonPath => (field ? ['skus', i, field] : ['skus', i]);
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return bad(at(), 'must be an object');
    const s = raw as Record<string, unknown>;
    const skuId = optionalId(s.sku_id, at('sku_id'), bad);
    // An empty spec is allowed (a one-SKU product has nothing to choose); a missing one is not.
    const spec = text(s.spec, at('spec'), LIMITS.spec, false, bad);
    const price = money(s.price, at('price'), bad);
    const stock = stockCount(s.stock, at('stock'), bad);
    const status = saleStatus(s.status, at('status'), bad);
    if (spec !== undefined) {
      // Two SKUs with one spec would be indistinguishable to a buyer.
      const first = specs.get(spec);
      if (first !== undefined) bad(at('spec'), `"${spec}" repeats SKU #${first + 1} of this product`);
      else specs.set(spec, i);
    }
    if (spec === undefined || price === undefined || stock === undefined) return;
    const sku: SkuInput = { spec, price, stock };
    if (skuId !== undefined) sku.sku_id = skuId;
    if (status !== undefined) sku.status = status;
    skus.push(sku);
  });
  return skus;
}

/** Money is read from its digits, never via float math. */
function money(v: unknown, path: JsonPath, bad: Bad): string | undefined {
  if (isBlank(v)) return void bad(path, 'required (e.g. 12.30)');
  // A JSON number is taken as written; 12.3 reads "12.3", never a binary fraction.
  const textValue = typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim() : null;
  const minor = textValue === null || textValue.startsWith('-') ? null : parseMoney(textValue);
  if (minor === null)
    return void bad(
      path,
      `${JSON.stringify(v)} is not an amount like 12.30 (at most 2 decimals, not negative)`,
    );
  return formatMoney(minor);
}

function stockCount(v: unknown, path: JsonPath, bad: Bad): number | undefined {
  if (isBlank(v)) return void bad(path, 'required (a whole number, 0 or more)');
  const n =
    typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v.trim()) : NaN;
  if (!Number.isInteger(n) || n < 0)
    return void bad(path, `${JSON.stringify(v)} is not a whole number of 0 or more`);
  if (n > LIMITS.stock) return void bad(path, `must be at most ${LIMITS.stock}`);
  return n;
}
