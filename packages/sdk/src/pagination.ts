import type { Page } from './types.ts';

/**
 * `PagePromise`, what a list method returns: `await` it for one page, or `for await` over it for
 * every item of every page from the requested one on (pages are fetched lazily, one request each).
 *
 * @example
 * ```ts
 * // One page
 * const page = await client.products.list({ page: 2, page_size: 50 });
 *
 * // Every item, fetching pages of 50 as needed
 * for await (const product of client.products.list({ page_size: 50 })) console.log(product.title);
 *
 * // Page by page
 * for await (const page of client.products.list({ page_size: 50 }).pages()) console.log(page.page);
 * ```
 */
export class PagePromise<T> implements PromiseLike<Page<T>>, AsyncIterable<T> {
  private first: Promise<Page<T>> | undefined;

  /** @param fetchPage fetches page number `page` (1-based), or the page after `cursor`. */
  constructor(
    private readonly fetchPage: (at: PageAt) => Promise<Page<T>>,
    private readonly startPage: number,
  ) {}

  private firstPage(): Promise<Page<T>> {
    return (this.first ??= this.fetchPage({ page: this.startPage }));
  }

  then<R1 = Page<T>, R2 = never>(
    onfulfilled?: ((value: Page<T>) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.firstPage().then(onfulfilled, onrejected);
  }

  catch<R = never>(onrejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<Page<T> | R> {
    return this.firstPage().catch(onrejected);
  }

  /**
   * Every page from the requested one on, until one is empty or the list ends. Where the server
   * answers a `next_cursor` (products, credit transactions), the next page is the one after it:
   * entries added while iterating (a newer ledger entry) then never push one already read onto
   * the next page, as page numbers would, so no item comes twice. Elsewhere, page numbers up to
   * `total`.
   */
  async *pages(): AsyncGenerator<Page<T>, void, undefined> {
    let page = await this.firstPage();
    for (;;) {
      yield page;
      if (page.next_cursor !== undefined) {
        if (page.next_cursor === null || page.items.length === 0) return;
        page = await this.fetchPage({ cursor: page.next_cursor, page: undefined });
        // A full last page names a cursor too; nothing after it is the end, not an empty page.
        if (page.items.length === 0) return;
        continue;
      }
      if (!hasNextPage(page)) return;
      page = await this.fetchPage({ page: page.page + 1 });
    }
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    for await (const page of this.pages()) yield* page.items;
  }
}

/** Which page `PagePromise` asks for: a page number, or the page after a `next_cursor`. */
export type PageAt = { page: number; cursor?: undefined } | { cursor: string; page?: undefined };

/**
 * Whether `page` has a successor. Uses the server's echo of `page`/`page_size` (it may clamp the
 * size), and stops on an empty page so a shrinking list can never loop.
 */
export function hasNextPage(page: Page<unknown>): boolean {
  return page.items.length > 0 && page.page * page.page_size < page.total;
}
