/**
 * The input of `ctx.services.catalog.upsertProducts` (docs/architecture.md), as the demo
 * generator and the import parser produce it. Structural, so it stays assignable to the catalog
 * module's own type; kept here so the CLI's pure parts build and test before that module exists.
 */
export type SaleStatus = 'on_sale' | 'off_sale';

export interface SkuInput {
  sku_id?: string;
  spec: string;
  /** Money as the wire's 2-decimal string, e.g. "12.30". */
  price: string;
  stock: number;
  status?: SaleStatus;
}

export interface ProductInput {
  goods_id?: string;
  title: string;
  description: string;
  category: string;
  images: string[];
  currency: string;
  status?: SaleStatus;
  skus: SkuInput[];
}
