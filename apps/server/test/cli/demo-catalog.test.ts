import { describe, expect, it } from 'vitest';
import { DEMO_IMAGE_BASE, DEMO_IMAGE_PATH, productImageSrc } from '@tradepost/web-contract';
import { generateDemoCatalog } from '../../src/catalog-data/demo-catalog.ts';
import { demoImageSvg } from '../../src/catalog-data/demo-images.ts';
import { parseMoney } from '../../src/shared/money.ts';

const catalog = generateDemoCatalog();
const skus = catalog.flatMap((p) => p.skus);

describe('generateDemoCatalog', () => {
  it('yields at least 240 products across 12 categories', () => {
    expect(catalog.length).toBeGreaterThanOrEqual(240);
    const categories = new Set(catalog.map((p) => p.category));
    expect(categories.size).toBe(12);
    expect(categories).toContain('Home & Kitchen');
    expect(categories).toContain("Women's Clothing");
    for (const category of categories) {
      expect(catalog.filter((p) => p.category === category).length).toBeGreaterThanOrEqual(15);
    }
  });

  it('is deterministic: two runs are identical, another seed changes content but not ids', () => {
    expect(generateDemoCatalog()).toEqual(catalog);
    const other = generateDemoCatalog({ seed: 7 });
    expect(other.map((p) => p.goods_id)).toEqual(catalog.map((p) => p.goods_id));
    expect(other.map((p) => p.title)).not.toEqual(catalog.map((p) => p.title));
  });

  it('uses unique, stable goods_id, sku_id and titles', () => {
    const goodsIds = catalog.map((p) => p.goods_id);
    expect(new Set(goodsIds).size).toBe(catalog.length);
    expect(goodsIds[0]).toBe('demo-hk-001');
    const skuIds = skus.map((s) => s.sku_id);
    expect(new Set(skuIds).size).toBe(skus.length);
    for (const p of catalog)
      for (const s of p.skus) expect(s.sku_id?.startsWith(`${p.goods_id}-`)).toBe(true);
    expect(new Set(catalog.map((p) => p.title)).size).toBe(catalog.length);
  });

  it('gives every product 1..6 SKUs, and uses the whole range', () => {
    const counts = new Set(catalog.map((p) => p.skus.length));
    for (const n of counts) expect(n >= 1 && n <= 6).toBe(true);
    expect([...counts].sort()).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('writes real spec strings, distinct within a product', () => {
    for (const p of catalog) {
      expect(new Set(p.skus.map((s) => s.spec)).size).toBe(p.skus.length);
      for (const s of p.skus) expect(s.spec).toMatch(/^[A-Z][A-Za-z]+: [^/]+( \/ [A-Z][A-Za-z]+: [^/]+)?$/);
    }
    expect(skus.some((s) => /^Color: \w+ \/ Size: (S|M|L|XL|XXL)$/.test(s.spec))).toBe(true);
  });

  it('prices are 2-decimal strings, varied, mostly under 30.00', () => {
    const cents = skus.map((s) => {
      expect(s.price).toMatch(/^\d+\.\d{2}$/);
      return parseMoney(s.price) as number;
    });
    expect(Math.min(...cents)).toBeGreaterThan(0);
    // Any seed: every price is a charm price, ending in .29 or more, never 0.
    for (const seed of [7, 1234]) {
      const other = generateDemoCatalog({ seed }).flatMap((p) => p.skus.map((s) => parseMoney(s.price)!));
      expect(Math.min(...other)).toBeGreaterThan(0);
    }
    expect(cents.filter((c) => c < 3000).length / cents.length).toBeGreaterThan(0.6);
    expect(cents.some((c) => c >= 3000)).toBe(true);
    expect(new Set(cents).size).toBeGreaterThan(50);
  });

  it('has some sold-out SKUs, some off-sale SKUs and products, and plenty in stock', () => {
    const zero = skus.filter((s) => s.stock === 0).length;
    expect(zero).toBeGreaterThan(0);
    expect(zero / skus.length).toBeLessThan(0.3);
    expect(skus.every((s) => Number.isInteger(s.stock) && s.stock >= 0)).toBe(true);
    expect(skus.some((s) => s.stock > 100)).toBe(true);
    expect(skus.some((s) => s.status === 'off_sale')).toBe(true);
    expect(catalog.some((p) => p.status === 'off_sale')).toBe(true);
    expect(catalog.filter((p) => p.status === 'on_sale').length).toBeGreaterThan(200);
  });

  it('fills text, images and currency', () => {
    for (const p of catalog) {
      expect(p.currency).toBe('USD');
      expect(p.title.length).toBeGreaterThan(10);
      expect(p.title.length).toBeLessThanOrEqual(200);
      expect(p.description.length).toBeGreaterThan(40);
      expect(p.images.length).toBeGreaterThanOrEqual(2);
      for (const url of p.images) expect(url.startsWith(`${DEMO_IMAGE_BASE}/${p.goods_id}/`)).toBe(true);
    }
  });

  it('every demo picture has a same-origin tile the server draws; other URLs are left alone', () => {
    for (const p of catalog) {
      for (const url of p.images) {
        const src = productImageSrc(url);
        const m = new RegExp(`^${DEMO_IMAGE_PATH}/(${p.goods_id})/(\\d)\\.svg$`).exec(src);
        expect(m, `${url} -> ${src}`).not.toBeNull();
        expect(demoImageSvg(m![1]!, Number(m![2]))).toMatch(/^<svg [^>]*>.*<\/svg>$/);
      }
    }
    // The tile shows the category, so two categories' tiles differ.
    expect(demoImageSvg('demo-hk-001', 1)).toContain('Home &amp; Kitchen');
    expect(demoImageSvg('demo-hk-001', 1)).not.toBe(demoImageSvg('demo-el-001', 1));
    for (const [id, n] of [
      ['demo-zz-001', 1],
      ['demo-hk-000', 1],
      ['G123', 1],
      ['demo-hk-001', 0],
    ] as const)
      expect(demoImageSvg(id, n)).toBeNull();
    expect(productImageSrc('https://cdn.example.com/a.jpg')).toBe('https://cdn.example.com/a.jpg');
    expect(productImageSrc(`${DEMO_IMAGE_BASE}/demo-hk-001/1.jpg?x`)).toBe(
      `${DEMO_IMAGE_BASE}/demo-hk-001/1.jpg?x`,
    );
  });
});
