/**
 * Deterministic demo catalog: the same seed always yields the same products, ids, prices and
 * stock, so `tradepost catalog demo` (and the server's first start) can upsert it any number of
 * times without creating duplicates. No Math.random: a seeded PRNG drives every choice.
 */
import { DEMO_IMAGE_BASE } from '@tradepost/web-contract';
import { formatMoney } from '../shared/money.ts';
import { CATEGORIES, DESCRIPTION_TAILS, TITLE_LEADS } from './demo-catalog-data.ts';
import type { CategoryTemplate, ItemTemplate, SpecAxis } from './demo-catalog-data.ts';
import type { ProductInput, SkuInput } from './product-input.ts';

export interface DemoCatalogOptions {
  /** Changing the seed changes titles, prices and stock, but never the ids. */
  seed?: number;
  /** Products per category (12 categories). Default 22, i.e. 264 products. */
  perCategory?: number;
}

export const DEMO_SEED = 20_251_122;
export const DEMO_PER_CATEGORY = 22;

/** mulberry32: tiny, fast and good enough for demo data; not for anything secret. */
export function createRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

class Picker {
  constructor(private readonly next: () => number) {}
  float(): number {
    return this.next();
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }
  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [out[i], out[j]] = [out[j] as T, out[i] as T];
    }
    return out;
  }
}

/**
 * Axes whose later values cost more (a bigger pack, a longer cable); colours, scents and models
 * keep one price, as on real storefronts.
 */
const PRICED_AXES = new Set([
  'Pack',
  'Capacity',
  'Length',
  'Volume',
  'Thickness',
  'Height',
  'Pockets',
  'Kit',
  'Storage',
]);

/** SKU counts 1..6; singles and small ranges dominate, as they do on marketplace listings. */
const SKU_COUNT_WEIGHTS: readonly [count: number, weight: number][] = [
  [1, 5],
  [2, 4],
  [3, 4],
  [4, 3],
  [5, 2],
  [6, 2],
];

export function generateDemoCatalog(options: DemoCatalogOptions = {}): ProductInput[] {
  const rng = new Picker(createRng(options.seed ?? DEMO_SEED));
  const perCategory = options.perCategory ?? DEMO_PER_CATEGORY;
  const titles = new Set<string>();
  const products: ProductInput[] = [];
  for (const category of CATEGORIES) {
    for (let k = 0; k < perCategory; k++) {
      products.push(buildProduct(rng, category, k, titles));
    }
  }
  return products;
}

function buildProduct(rng: Picker, category: CategoryTemplate, k: number, titles: Set<string>): ProductInput {
  const item = category.items[k % category.items.length] as ItemTemplate;
  // Ids depend only on position, never on the PRNG, so a re-run always hits the same rows.
  const goodsId = `demo-${category.code}-${String(k + 1).padStart(3, '0')}`;
  const title = uniqueTitle(rng, item, titles);
  const combos = pickCombos(rng, item.axes);
  // One ending per product, so SKUs that differ only in colour also match in price.
  const ending = rng.pick(PRICE_ENDINGS);
  const basePrice = charmPrice(rng.int(item.price[0], item.price[1]), ending);
  const skus: SkuInput[] = combos.map((combo, i) => ({
    sku_id: `${goodsId}-${i + 1}`,
    spec: combo.map(({ axis, value }) => `${axis.name}: ${value}`).join(' / ') || 'Default',
    price: formatMoney(skuPrice(basePrice, combo, ending)),
    stock: pickStock(rng),
    status: rng.float() < 0.05 ? 'off_sale' : 'on_sale',
  }));
  const imageCount = rng.int(2, 5);
  return {
    goods_id: goodsId,
    title,
    description: describe(rng, item, combos.length),
    category: category.name,
    images: Array.from({ length: imageCount }, (_, i) => `${DEMO_IMAGE_BASE}/${goodsId}/${i + 1}.jpg`),
    currency: 'USD',
    status: rng.float() < 0.06 ? 'off_sale' : 'on_sale',
    skus,
  };
}

/** Temu-style titles: the item, one or two selling points, the use; retried until unique. */
function uniqueTitle(rng: Picker, item: ItemTemplate, titles: Set<string>): string {
  for (let attempt = 0; ; attempt++) {
    const [f1, f2] = rng.shuffle(item.features);
    const lead = rng.pick(TITLE_LEADS);
    const head = lead ? `${lead} ${item.name}` : item.name;
    const shapes = [
      `${head}, ${f1} for ${item.use}`,
      `${head}, ${f1}, ${f2}`,
      `${head} for ${item.use}, ${f2}`,
      `${head} - ${f1} & ${f2}`,
    ];
    let title = rng.pick(shapes);
    if (attempt >= 8) title = `${title} (Style ${attempt - 7})`;
    if (!titles.has(title)) {
      titles.add(title);
      return title;
    }
  }
}

type Combo = { axis: SpecAxis; value: string; rank: number }[];

/** A random subset of the axes' cross product, kept in catalogue order (S before M before L). */
function pickCombos(rng: Picker, axes: readonly SpecAxis[]): Combo[] {
  let all: Combo[] = [[]];
  for (const axis of axes) {
    all = all.flatMap((combo) => axis.values.map((value, rank) => [...combo, { axis, value, rank }]));
  }
  const wanted = Math.min(weightedCount(rng), all.length);
  const chosen = new Set(rng.shuffle(all.map((_, i) => i)).slice(0, wanted));
  return all.filter((_, i) => chosen.has(i));
}

function weightedCount(rng: Picker): number {
  const total = SKU_COUNT_WEIGHTS.reduce((sum, [, w]) => sum + w, 0);
  let roll = rng.float() * total;
  for (const [count, weight] of SKU_COUNT_WEIGHTS) {
    roll -= weight;
    if (roll < 0) return count;
  }
  return 1;
}

/** Prices end like retail listings (.99, .49, …); cents in, cents out (never floats). */
const PRICE_ENDINGS: readonly number[] = [99, 99, 49, 79, 29, 89, 59];

function charmPrice(cents: number, ending: number): number {
  return Math.floor(cents / 100) * 100 + ending;
}

function skuPrice(base: number, combo: Combo, ending: number): number {
  const steps = combo.reduce((sum, { axis, rank }) => sum + (PRICED_AXES.has(axis.name) ? rank : 0), 0);
  // 12% per step up, computed on integer cents and re-rounded to a charm price.
  return steps === 0 ? base : charmPrice(base + Math.floor((base * 12 * steps) / 100), ending);
}

/** About one SKU in eight is sold out; a few are nearly out; the rest have plenty. */
function pickStock(rng: Picker): number {
  const roll = rng.float();
  if (roll < 0.12) return 0;
  if (roll < 0.3) return rng.int(1, 20);
  return rng.int(21, 2500);
}

function describe(rng: Picker, item: ItemTemplate, options: number): string {
  const features = rng.shuffle(item.features).join(' · ');
  const tail = rng.pick(DESCRIPTION_TAILS).replace('{use}', item.use);
  const choice = options > 1 ? ` Available in ${options} options.` : '';
  return `${item.name} made of ${item.material}, designed for ${item.use}. Key features: ${features}.${choice} ${tail}`;
}
