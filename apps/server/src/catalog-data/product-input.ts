/**
 * The input of `ctx.services.catalog.upsertProducts`, named once by the catalog module; the demo
 * generator and the import parser produce exactly it.
 */
import type { ProductInput } from '../services.ts';

export type { ProductInput } from '../services.ts';
export type SkuInput = ProductInput['skus'][number];
export type SaleStatus = NonNullable<ProductInput['status']>;
