import { useQueryClient } from '@tanstack/react-query';
import {
  TRANSACTION_TYPES,
  type CreditTransactionType,
  type TransactionsQuery,
} from '@tradepost/web-contract';
import { useTranslation } from 'react-i18next';
import { localDayBounds } from '../../../lib/local-days.ts';
import { dayRangeFilter, useUrlFilters } from '../../../lib/use-url-filters.ts';

import { TransactionsTable } from '../../../components/transactions-table.tsx';
import { Banner, Card, PageHeader, Pagination } from '../../../components/ui/misc.tsx';
import { Button } from '../../../components/ui/button.tsx';
import { Select } from '../../../components/ui/select.tsx';
import { QueryView } from '../../../components/ui/states.tsx';
import { DayRangeFields } from '../../../components/list-filters.tsx';
import { transactionKeys, transactionsCsvUrl, useTransactions } from '../api/get-transactions.ts';

const PAGE_SIZE = 20;

export function TransactionsPage() {
  const { t } = useTranslation();
  // Filters live in the URL: the page can be bookmarked, and Back undoes a filter.
  const url = useUrlFilters();
  const type = url.get('type');
  const dates = dayRangeFilter(url, t);
  const page = url.page;
  // The ledger as of the entry the first page showed (the server's `as_of`): later pages hold
  // still while orders keep adding entries. A changed filter reads the newest again.
  const asOf = Number(url.get('as_of')) || undefined;
  const filters = {
    type: (TRANSACTION_TYPES as readonly string[]).includes(type)
      ? (type as CreditTransactionType)
      : undefined,
    ...dates.days,
  };
  // The days picked are the reader's days, as the table's times are: the list and its CSV export
  // ask for the same local range.
  const range = localDayBounds(filters);
  const query: TransactionsQuery = { ...range, page, page_size: PAGE_SIZE, as_of: asOf };
  const list = useTransactions(query);

  const update = url.update;
  const queryClient = useQueryClient();
  // Page 1 as read before may still be cached as fresh: read the ledger again.
  const showNewest = () => {
    void queryClient.invalidateQueries({ queryKey: transactionKeys.all });
    update({});
  };

  return (
    <>
      <PageHeader title={t('tx.title')}>
        <a className="btn btn-secondary" href={transactionsCsvUrl(range)} download>
          {t('tx.exportCsv')}
        </a>
      </PageHeader>
      <Card>
        <div className="filters" role="group" aria-label={t('common.filters')}>
          <Select
            label={t('tx.type')}
            value={filters.type ?? 'all'}
            onChange={(v) => update({ type: v === 'all' ? '' : v })}
            options={[
              { id: 'all', label: t('tx.allTypes') },
              ...TRANSACTION_TYPES.map((ty) => ({ id: ty, label: t(`txType.${ty}`) })),
            ]}
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
              <TransactionsTable
                items={data.items}
                label={t('tx.title')}
                orderHref={(n) => `/orders/${encodeURIComponent(n)}`}
              />
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
