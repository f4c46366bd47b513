import type { SaleStatus } from '@tradepost/protocol';
import type { Selectable } from 'kysely';

/** The protocol's, the one definition. */
export type { SaleStatus };

export interface ProductsTable {
  goods_id: string;
  title: string;
  description: string;
  category: string;
  /** JSON array of image URLs. */
  images_json: string;
  currency: string;
  status: SaleStatus;
  created_at: string;
  updated_at: string;
}

export interface SkusTable {
  sku_id: string;
  goods_id: string;
  spec: string;
  /** Minor units of the product's currency. */
  price: number;
  /** Never below zero: a CHECK and the conditional decrement both guard it. */
  stock: number;
  status: SaleStatus;
  created_at: string;
  updated_at: string;
}

export type ProductRow = Selectable<ProductsTable>;
export type SkuRow = Selectable<SkusTable>;
