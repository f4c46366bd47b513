/**
 * The demo catalog's pictures, drawn rather than stored: a tile in the product's category colour
 * with its item's initial. A goods id (`demo-<code>-<nnn>`) names its category and item template,
 * as the generator lays them out, so no database read is needed.
 */
import { escapeUTF8 } from 'entities';
import { CATEGORIES } from './demo-catalog-data.ts';

/** One colour per category (same order as CATEGORIES), dark enough for white text (WCAG AA). */
const PALETTE = [
  '#b45309',
  '#1d4ed8',
  '#be185d',
  '#0f766e',
  '#7c3aed',
  '#c2410c',
  '#15803d',
  '#a16207',
  '#475569',
  '#9d174d',
  '#1e40af',
  '#3f6212',
];

const GOODS_ID = /^demo-([a-z]{2})-(\d{3})$/;

/** Unknown ids and picture numbers outside 1..9 answer null (a 404), never a made-up tile. */
export function demoImageSvg(goodsId: string, n: number): string | null {
  const m = GOODS_ID.exec(goodsId);
  if (!m || !Number.isInteger(n) || n < 1 || n > 9) return null;
  const index = CATEGORIES.findIndex((c) => c.code === m[1]);
  const category = CATEGORIES[index];
  const k = Number(m[2]);
  if (!category || k < 1) return null;
  const item = category.items[(k - 1) % category.items.length]!;
  const colour = PALETTE[index % PALETTE.length]!;
  // Later pictures of one product are lighter shades of its tile, as a gallery of one thing.
  const shade = ((n - 1) % 5) * 0.12;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 400" width="400" height="400">` +
    `<rect width="400" height="400" fill="${colour}"/>` +
    `<rect width="400" height="400" fill="#fff" fill-opacity="${shade.toFixed(2)}"/>` +
    `<text x="200" y="235" text-anchor="middle" font-family="system-ui, sans-serif" font-size="160" ` +
    `font-weight="700" fill="#fff">${escapeUTF8(item.name.charAt(0).toUpperCase())}</text>` +
    `<text x="200" y="330" text-anchor="middle" font-family="system-ui, sans-serif" font-size="24" ` +
    `fill="#fff">${escapeUTF8(category.name)}</text></svg>`
  );
}
