import {
  checkDateRange,
  TRANSACTION_TYPES,
  type CreditTransactionType,
  type TransactionsQuery,
} from '@tradepost/web-contract';
import { useTranslation } from 'react-i18next';
import { localDayBounds } from '../../../lib/local-days.ts';
import { useUrlFilters } from '../../../lib/use-url-filters.ts';

import { TransactionsTable } from '../../../components/transactions-table.tsx';
import { Card, PageHeader, Pagination } from '../../../components/ui/misc.tsx';
import { Select } from '../../../components/ui/select.tsx';
import { QueryView } from '../../../components/ui/states.tsx';
import { TextField } from '../../../components/ui/text-field.tsx';
import { transactionsCsvUrl, useTransactions } from '../api/get-transactions.ts';

const PAGE_SIZE = 20;

export function TransactionsPage() {
  const { t } = useTranslation();
  // Filters live in the URL: the page can be bookmarked, and Back undoes a filter.
  const url = useUrlFilters();
  const type = url.get('type');
  const from = url.get('from');
  const to = url.get('to');
  const page = url.page;
  const filters = {
    type: (TRANSACTION_TYPES as readonly string[]).includes(type)
      ? (type as CreditTransactionType)
      : undefined,
    from: from || undefined,
    to: to || undefined,
  };
  // The days picked are the reader's days, as the table's times are: the list and its CSV export
  // ask for the same local range.
  const range = localDayBounds(filters);
  const query: TransactionsQuery = { ...range, page, page_size: PAGE_SIZE };
  const list = useTransactions(query);

  const update = url.update;

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
          <TextField
            label={t('common.from')}
            type="date"
            value={from}
            onChange={(v) => update({ from: v })}
            // The server refuses the range too (400); this says which field, in the page's language.
            errorMessage={checkDateRange(filters) ? undefined : t('tx.fromAfterTo')}
          />
          <TextField label={t('common.to')} type="date" value={to} onChange={(v) => update({ to: v })} />
        </div>
        <QueryView query={list} isEmpty={(d) => d.items.length === 0} empty={t('tx.none')}>
          {(data) => (
            <>
              <TransactionsTable
                items={data.items}
                label={t('tx.title')}
                orderHref={(n) => `/orders/${encodeURIComponent(n)}`}
              />
              <Pagination of={data} onPage={(p) => update({ page: String(p) })} />
            </>
          )}
        </QueryView>
      </Card>
    </>
  );
}
