import type { Product } from '@tradepost/web-contract';
import { toCents } from '../../../lib/format.ts';

/** The cheapest and dearest SKU price (compared in cents, returned as the wire strings). */
export function priceRange(p: Product): { min: string; max: string } | null {
  if (p.skus.length === 0) return null;
  let min = p.skus[0]!.price;
  let max = min;
  for (const s of p.skus) {
    if (toCents(s.price) < toCents(min)) min = s.price;
    if (toCents(s.price) > toCents(max)) max = s.price;
  }
  return { min, max };
}
