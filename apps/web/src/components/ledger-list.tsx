import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  TRANSACTION_TYPES,
  type TransactionsExportQuery,
  type TransactionsPage,
  type TransactionsQuery,
} from '@tradepost/web-contract';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { localDayBounds } from '../lib/local-days.ts';
import { dayRangeFilter, oneOfOrUndefined, useUrlFilters } from '../lib/use-url-filters.ts';
import { DayRangeFields, FilterSelect } from './list-filters.tsx';
import { TransactionsTable } from './transactions-table.tsx';
import { Button } from './ui/button.tsx';
import { Banner, Card, PageHeader, Pagination } from './ui/misc.tsx';
import { QueryView } from './ui/states.tsx';

const PAGE_SIZE = 20;

/** Whose ledger a LedgerList shows: the merchant's own (portal), or one merchant's (console). */
export interface LedgerSource {
  /** The query key every page of this ledger is cached under (and invalidated by). */
  key: readonly unknown[];
  page(query: TransactionsQuery, signal: AbortSignal): Promise<TransactionsPage>;
  /** The CSV export of the same filters (every page): a plain download link, streamed by the server. */
  csvUrl(range: TransactionsExportQuery): string;
  orderHref(orderNo: string): string;
}

/**
 * A ledger as a page: filters by type and by the reader's days, kept in the URL (the page can be
 * bookmarked, and Back undoes a filter); pages read as of the first page's newest entry; a CSV
 * export of the same filters. `actions` go beside the export in the header (a way back).
 */
export function LedgerList({
  title,
  source,
  actions,
}: {
  title: string;
  source: LedgerSource;
  actions?: ReactNode;
}) {
  const { t } = useTranslation();
  const url = useUrlFilters();
  const type = url.get('type');
  const dates = dayRangeFilter(url, t);
  const page = url.page;
  // The ledger as of the entry the first page showed (the server's `as_of`): later pages hold
  // still while orders keep adding entries. A changed filter reads the newest again.
  const asOf = Number(url.get('as_of')) || undefined;
  const filters = {
    type: oneOfOrUndefined(type, TRANSACTION_TYPES),
    ...dates.days,
  };
  // The days picked are the reader's days, as the table's times are: the list and its CSV export
  // ask for the same local range.
  const range = localDayBounds(filters);
  const query: TransactionsQuery = { ...range, page, page_size: PAGE_SIZE, as_of: asOf };
  const list = useQuery({
    queryKey: [...source.key, query],
    queryFn: ({ signal }) => source.page(query, signal),
    placeholderData: keepPreviousData,
  });

  const update = url.update;
  const queryClient = useQueryClient();
  // Page 1 as read before may still be cached as fresh: read the ledger again.
  const showNewest = () => {
    void queryClient.invalidateQueries({ queryKey: source.key });
    update({});
  };

  return (
    <>
      <PageHeader title={title}>
        <a className="btn btn-secondary" href={source.csvUrl(range)} download>
          {t('tx.exportCsv')}
        </a>
        {actions}
      </PageHeader>
      <Card>
        <div className="filters" role="group" aria-label={t('common.filters')}>
          <FilterSelect
            label={t('tx.type')}
            allLabel={t('tx.allTypes')}
            value={filters.type ?? ''}
            onChange={(v) => update({ type: v })}
            options={TRANSACTION_TYPES.map((ty) => ({ id: ty, label: t(`txType.${ty}`) }))}
          />
          <DayRangeFields dates={dates} onChange={update} />
        </div>
        {/* Above the list, so that an empty page read as of earlier (a link to a page past the
            end) still says that entries came since. */}
        {list.data && list.data.newer > 0 && (
          <Banner tone="info">
            {t('tx.newer', { count: list.data.newer })}{' '}
            <Button variant="secondary" size="sm" onPress={showNewest}>
              {t('tx.showNewest')}
            </Button>
          </Banner>
        )}
        <QueryView query={list} isEmpty={(d) => d.items.length === 0} empty={t('tx.none')}>
          {(data) => (
            <>
              <TransactionsTable items={data.items} label={title} orderHref={source.orderHref} />
              <Pagination
                of={data}
                onPage={(p) =>
                  update({ page: String(p), as_of: data.as_of === null ? '' : String(data.as_of) })
                }
              />
            </>
          )}
        </QueryView>
      </Card>
    </>
  );
}
