import type { Transport } from '../internal/transport.ts';
import type { RequestOptions } from '../options.ts';
import { queryParams, segment } from '../internal/params.ts';
import { PagePromise } from '../pagination.ts';
import type { Page, Product, ProductListParams } from '../types.ts';

/**
 * `Products`, the catalog: `client.products`.
 *
 * @example
 * ```ts
 * for await (const product of client.products.list({ category: 'Kitchen' })) console.log(product.title);
 * const mug = await client.products.retrieveBySku('SKU-MUG-RED');
 * ```
 */
export class Products {
  constructor(private readonly transport: Transport) {}

  /**
   * `GET /products`. Await for one page, or `for await` for every product from `params.page` on.
   *
   * @example
   * ```ts
   * const first = await client.products.list({ page_size: 100, keyword: 'mug' });
   * for await (const p of client.products.list({ page_size: 50 })) console.log(p.goods_id);
   * ```
   */
  list(params: ProductListParams = {}, options?: RequestOptions): PagePromise<Product> {
    return new PagePromise(
      (at) =>
        this.transport.call<Page<Product>>(
          { method: 'GET', path: '/products', params: queryParams({ ...params, ...at }), retryable: true },
          options,
        ),
      params.page ?? 1,
    );
  }

  /**
   * `GET /products/:id`; 3001 (NotFoundError) when there is no such product.
   *
   * @example
   * ```ts
   * const product = await client.products.retrieve('G1001');
   * ```
   */
  retrieve(goodsId: string, options?: RequestOptions): Promise<Product> {
    return this.transport.call<Product>(
      { method: 'GET', path: `/products/${segment(goodsId)}`, retryable: true },
      options,
    );
  }

  /**
   * `GET /products/sku/:sku`: the product holding that SKU; 3001 (NotFoundError) when none does.
   *
   * @example
   * ```ts
   * const product = await client.products.retrieveBySku('S1001-RED-XL');
   * const sku = product.skus.find((s) => s.sku_id === 'S1001-RED-XL');
   * ```
   */
  retrieveBySku(skuId: string, options?: RequestOptions): Promise<Product> {
    return this.transport.call<Product>(
      { method: 'GET', path: `/products/sku/${segment(skuId)}`, retryable: true },
      options,
    );
  }
}
