/**
 * The one rule set for catalog input. `upsertProducts` and the file import (catalog-data/) both
 * validate with it, so a file that passes the import is exactly what the service accepts, and
 * both word their complaints the same way. Values are normalised on the way in: text trimmed,
 * currency upper-cased, money written as "12.30", digit strings read as stock counts.
 *
 * Messages name the offending value where it helps ("\"abc\" is not an amount like 12.30"); the
 * caller prefixes the path (`products[3].skus[1].price`, or a CSV column and line).
 */
import { fieldIssue, fieldMessage } from '@tradepost/web-contract';
import { z } from 'zod';
import { formatMoney, isCurrencyWithCents, parseMoney } from '../../shared/money.ts';
import { hasControlChar } from '../../shared/validation.ts';
import type { SaleStatus } from './catalog.table.ts';

/** Catalog import shape (docs/architecture.md), as stored. Omitted ids are issued by the server. */
export interface ProductInput {
  goods_id?: string;
  title: string;
  description: string;
  category: string;
  images: string[];
  currency: string;
  /** Default on_sale. */
  status?: SaleStatus;
  skus: { sku_id?: string; spec: string; price: string; stock: number; status?: SaleStatus }[];
}

export const CATALOG_LIMITS = Object.freeze({
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

export type InputPath = readonly (string | number)[];

/** One problem with one value of the input list; `path` starts at the product's index. */
export interface ProductInputIssue {
  path: InputPath;
  message: string;
  /** Set when an id repeats an earlier one: the id and where it was first used. */
  duplicate?: { id: string; firstPath: InputPath };
}

export type ProductInputCheck =
  { ok: true; products: ProductInput[] } | { ok: false; issues: ProductInputIssue[] };

const show = (v: unknown) => JSON.stringify(v);
const isBlank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
const trimmed = (v: unknown) => (typeof v === 'string' ? v.trim() : v);
const absentIfBlank = (v: unknown) => (isBlank(v) ? undefined : trimmed(v));

/** An id as the rules read it: trimmed, a number taken as its digits, blank meaning "none". */
export function idText(v: unknown): string | undefined {
  if (isBlank(v)) return undefined;
  if (typeof v === 'number') return String(v);
  return typeof v === 'string' ? v.trim() : undefined;
}

/** Trimmed text; `null` and a missing value are "required". */
const text = (max: number, { allowEmpty = false } = {}) =>
  z
    .string({
      error: (iss) => (iss.input == null ? fieldMessage('requiredBare') : fieldMessage('notString')),
    })
    .trim()
    .min(allowEmpty ? 0 : 1, fieldIssue('notEmpty'))
    .max(max, fieldIssue('longerThan', { max }))
    // The text rule every other input meets (shared/validation.ts): a NUL is refused by PostgreSQL
    // and would be served back to every merchant from SQLite.
    .refine((v) => !hasControlChar(v), fieldIssue('controlChars'));

const optionalId = z.preprocess(
  (v) => (typeof v === 'number' ? idText(v) : absentIfBlank(v)),
  z
    .string(fieldIssue('notString'))
    .regex(new RegExp(`^[A-Za-z0-9_.-]{1,${CATALOG_LIMITS.id}}$`), {
      error: (iss) => fieldMessage('idChars', { value: show(iss.input), max: CATALOG_LIMITS.id }),
    })
    .optional(),
);

const saleStatus = z.preprocess(
  absentIfBlank,
  z
    .enum(['on_sale', 'off_sale'], { error: (iss) => fieldMessage('saleStatus', { value: show(iss.input) }) })
    .optional(),
);

const currency = z.preprocess(
  absentIfBlank,
  z
    .string({
      error: (iss) =>
        iss.input === undefined
          ? fieldMessage('currencyRequired')
          : fieldMessage('notCurrencyCode', { value: show(iss.input) }),
    })
    .regex(/^[A-Za-z]{3}$/, {
      error: (iss) => fieldMessage('notCurrencyCode', { value: show(iss.input) }),
      abort: true,
    })
    .toUpperCase()
    .refine(isCurrencyWithCents, {
      error: (iss) => fieldMessage('notCurrencyWithCents', { value: show(iss.input) }),
    }),
);

function isHttpUrl(s: string): boolean {
  try {
    const url = new URL(s);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

const images = z.preprocess(
  (v) => v ?? [],
  z
    .array(
      z
        .string(fieldIssue('urlString'))
        .trim()
        .refine((url) => url.length <= CATALOG_LIMITS.imageUrl && isHttpUrl(url), {
          error: (iss) => fieldMessage('notUrl', { value: show(iss.input) }),
        }),
      fieldIssue('urlList'),
    )
    .max(CATALOG_LIMITS.images, fieldIssue('maxImages', { max: CATALOG_LIMITS.images })),
);

const notAmount = (v: unknown) => fieldMessage('notAmountValue', { value: show(v) });

/**
 * A SKU's price, THE rule wherever one is written (the import, `upsertProducts`, the console's
 * SKU edit): an amount greater than 0, since an order for a SKU at 0 would debit nothing and write
 * a ledger entry of 0. Money is read from its digits, never via float math; a JSON number is taken
 * as written.
 */
export const skuPrice = z.unknown().transform((v, ctx): string => {
  if (isBlank(v)) {
    ctx.addIssue({ code: 'custom', message: fieldMessage('priceRequired'), input: v });
    return z.NEVER;
  }
  const digits = typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim() : null;
  const minor = digits === null || digits.startsWith('-') ? null : parseMoney(digits);
  if (minor === null) {
    ctx.addIssue({ code: 'custom', message: notAmount(v), input: v });
    return z.NEVER;
  }
  if (minor === 0) {
    ctx.addIssue({ code: 'custom', message: fieldMessage('priceAboveZero', { value: show(v) }), input: v });
    return z.NEVER;
  }
  return formatMoney(minor);
});

const notWholeNumber = (v: unknown) => fieldMessage('notWholeNumberValue', { value: show(v) });

/** A whole number, or a string of digits (CSV, GET params). */
const stock = z.preprocess(
  (v) => {
    const s = absentIfBlank(v);
    return typeof s === 'string' && /^\d+$/.test(s) ? Number(s) : s;
  },
  z
    .number({
      error: (iss) => (iss.input === undefined ? fieldMessage('stockRequired') : notWholeNumber(iss.input)),
    })
    // One refinement rather than .int().min(0): zod's int check aborts the whole SKU list, which
    // would hide a repeated spec elsewhere in it.
    .refine((n) => Number.isInteger(n) && n >= 0, { error: (iss) => notWholeNumber(iss.input) })
    .max(CATALOG_LIMITS.stock, fieldIssue('maxValue', { max: CATALOG_LIMITS.stock })),
);

const skuInputSchema = z.object(
  {
    sku_id: optionalId,
    // An empty spec is allowed (a one-SKU product has nothing to choose); a missing one is not.
    spec: text(CATALOG_LIMITS.spec, { allowEmpty: true }),
    price: skuPrice,
    stock,
    status: saleStatus,
  },
  fieldIssue('notObject'),
);

const skuList = z
  .array(skuInputSchema, fieldIssue('skuList'))
  .min(1, fieldIssue('skuList'))
  .max(CATALOG_LIMITS.skus, fieldIssue('maxSkus', { max: CATALOG_LIMITS.skus }))
  .superRefine(
    (skus, ctx) => {
      // Two SKUs with one spec would be indistinguishable to a buyer. Runs even when another SKU
      // has problems (`when`), so the whole list of complaints comes out at once.
      const seen = new Map<string, number>();
      skus.forEach((sku: unknown, i) => {
        const spec = (sku as { spec?: unknown } | null)?.spec;
        if (typeof spec !== 'string' || spec.trim().length > CATALOG_LIMITS.spec) return;
        const key = spec.trim();
        const first = seen.get(key);
        if (first === undefined) return void seen.set(key, i);
        ctx.addIssue({
          code: 'custom',
          message: fieldMessage('repeatsSku', { value: show(key), n: first + 1 }),
          path: [i, 'spec'],
          input: spec,
        });
      });
    },
    { when: (payload) => Array.isArray(payload.value) },
  );

/** One product, normalised. Ids are checked across a whole call by `checkProductInputs`. */
export const productInputSchema = z.object(
  {
    goods_id: optionalId,
    title: text(CATALOG_LIMITS.title),
    description: z.preprocess((v) => v ?? '', text(CATALOG_LIMITS.description, { allowEmpty: true })),
    category: text(CATALOG_LIMITS.category),
    images,
    currency,
    status: saleStatus,
    skus: skuList,
  },
  fieldIssue('productObject'),
);

/**
 * Checks products a slice at a time, each goods_id and sku_id used at most once across every
 * slice it is given (an upsert would otherwise let the last one silently win), so a list too
 * large to hold at once (a streamed file import) is checked exactly as the whole list would be.
 */
export interface ProductInputChecker {
  /**
   * All of `slice` normalised, or every problem (not just the first) in input order. Issue paths
   * start at the slice's own first product; a duplicate's `firstPath` counts products from the
   * first slice's first.
   */
  check(slice: readonly unknown[], onProgress?: (done: number, total: number) => void): ProductInputCheck;
}

/**
 * Where an id was first used, kept small (a 100k-product import keeps one per id): a goods_id's
 * product index, or a sku_id's index * SKU_SPAN + its place in the list.
 */
type FirstUse = number | InputPath;
const SKU_SPAN = 1024;

export function createProductInputChecker(): ProductInputChecker {
  const goods = new Map<string, FirstUse>();
  const skus = new Map<string, FirstUse>();
  let offset = 0;
  const pack = (i: number, path: InputPath): FirstUse =>
    path.length === 1
      ? offset + i
      : (path[1] as number) < SKU_SPAN
        ? (offset + i) * SKU_SPAN + (path[1] as number)
        : [offset + i, ...path];
  const unpack = (seen: Map<string, FirstUse>, first: FirstUse): InputPath => {
    if (typeof first !== 'number') return first;
    if (seen === goods) return [first, 'goods_id'];
    return [Math.floor(first / SKU_SPAN), 'skus', first % SKU_SPAN, 'sku_id'];
  };

  // Ids are read from the raw values (as `idText` normalises them) so a clash is reported even
  // when its product has other problems too.
  function claimIds(item: unknown, i: number, issues: ProductInputIssue[]): void {
    const claim = (seen: Map<string, FirstUse>, raw: unknown, path: InputPath) => {
      const id = idText(raw);
      if (id === undefined) return;
      const first = seen.get(id);
      if (first === undefined) return void seen.set(id, pack(i, path));
      const firstPath = unpack(seen, first);
      issues.push({
        path: [i, ...path],
        message: fieldMessage('usedAtPath', { value: show(id), path: formatInputPath(firstPath) }),
        duplicate: { id, firstPath },
      });
    };
    if (typeof item !== 'object' || item === null) return;
    const { goods_id, skus: list } = item as { goods_id?: unknown; skus?: unknown };
    claim(goods, goods_id, ['goods_id']);
    if (!Array.isArray(list)) return;
    list.forEach((sku: unknown, j) =>
      claim(skus, (sku as { sku_id?: unknown } | null)?.sku_id, ['skus', j, 'sku_id']),
    );
  }

  return {
    check(slice, onProgress) {
      const products: ProductInput[] = [];
      const issues: ProductInputIssue[] = [];
      const duplicates: ProductInputIssue[] = [];
      slice.forEach((item, i) => {
        const r = productInputSchema.safeParse(item);
        if (r.success) products.push(r.data);
        else
          for (const issue of r.error.issues) {
            issues.push({ path: [i, ...(issue.path as (string | number)[])], message: issue.message });
          }
        claimIds(item, i, duplicates);
        onProgress?.(i + 1, slice.length);
      });
      offset += slice.length;
      issues.push(...duplicates);
      if (issues.length === 0) return { ok: true, products };
      issues.sort((a, b) => comparePaths(a.path, b.path));
      return { ok: false, issues };
    },
  };
}

/**
 * Checks a list of products against the catalog rules and returns either all of them normalised,
 * or every problem (not just the first), each with its path, in input order.
 */
export function checkProductInputs(
  input: unknown,
  onProgress?: (done: number, total: number) => void,
): ProductInputCheck {
  if (!Array.isArray(input)) return { ok: false, issues: [{ path: [], message: fieldMessage('notArray') }] };
  return createProductInputChecker().check(input, onProgress);
}

function comparePaths(a: InputPath, b: InputPath): number {
  const [x, y] = [a[0], b[0]];
  return typeof x === 'number' && typeof y === 'number' ? x - y : 0;
}

/** `[3, 'skus', 1, 'price']` → `products[3].skus[1].price`. */
export function formatInputPath(path: InputPath): string {
  return `products${path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('')}`;
}
