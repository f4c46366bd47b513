import type { Transport } from '../internal/transport.ts';
import type { RequestOptions } from '../options.ts';
import { queryParams } from '../internal/params.ts';
import { PagePromise } from '../pagination.ts';
import type { Credit, CreditTransaction, CreditTransactionListParams, Page } from '../types.ts';

/**
 * `CreditResource`, the merchant's credit line and its ledger: `client.credit`.
 *
 * @example
 * ```ts
 * const { available, currency } = await client.credit.retrieve();
 * ```
 */
export class CreditResource {
  constructor(private readonly transport: Transport) {}

  /**
   * `GET /credit`.
   *
   * @example
   * ```ts
   * const credit = await client.credit.retrieve();
   * console.log(`${credit.available} ${credit.currency} available`);
   * ```
   */
  retrieve(options?: RequestOptions): Promise<Credit> {
    return this.transport.call<Credit>({ method: 'GET', path: '/credit', retryable: true }, options);
  }

  /**
   * `GET /credit/transactions`. Await for one page, or `for await` for every entry from `params.page` on.
   *
   * @example
   * ```ts
   * for await (const tx of client.credit.listTransactions({ type: 'order', page_size: 100 })) {
   *   console.log(tx.reference_no, tx.amount, tx.balance_after);
   * }
   * ```
   */
  listTransactions(
    params: CreditTransactionListParams = {},
    options?: RequestOptions,
  ): PagePromise<CreditTransaction> {
    return new PagePromise(
      (at) =>
        this.transport.call<Page<CreditTransaction>>(
          {
            method: 'GET',
            path: '/credit/transactions',
            params: queryParams({ ...params, ...at }),
            retryable: true,
          },
          options,
        ),
      params.page ?? 1,
    );
  }
}
