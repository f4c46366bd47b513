import { ORDER_STATUSES, portalApi, searchText } from '@tradepost/web-contract';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { urlOf } from '../../../lib/api-client.ts';
import { localDayBounds } from '../../../lib/local-days.ts';
import { dayRangeFilter, oneOfOrUndefined, useUrlFilters } from '../../../lib/use-url-filters.ts';

import { OrdersTable } from '../../../components/orders-table.tsx';
import { DayRangeFields, FilterSelect, SearchForm } from '../../../components/list-filters.tsx';
import { Card, PageHeader, Pagination } from '../../../components/ui/misc.tsx';
import { QueryView } from '../../../components/ui/states.tsx';
import { useOrders } from '../api/get-orders.ts';

export function OrdersPage() {
  const { t } = useTranslation();
  const filters = useUrlFilters();
  const status = filters.get('status');
  const q = filters.get('q');
  const dates = dayRangeFilter(filters, t);
  const page = filters.page;
  // The days picked are the merchant's own days, as the table's times are: each is sent as the
  // instants of its local start and end.
  const shown = {
    status: oneOfOrUndefined(status, ORDER_STATUSES),
    q: filters.valid('q', searchText),
    ...localDayBounds(dates.days),
  };
  const list = useOrders({ ...shown, page, page_size: 20 });

  const update = filters.update;

  return (
    <>
      <PageHeader title={t('orders.title')}>
        <Link className="btn btn-secondary" to="/batches/new">
          {t('batchFile.link')}
        </Link>
        {/* Every order the filters match, with its recipient, not only this page's. */}
        <a
          className="btn btn-secondary"
          href={urlOf('portal', portalApi.ordersCsv, { query: shown })}
          download
        >
          {t('tx.exportCsv')}
        </a>
      </PageHeader>
      <Card>
        <div className="filters">
          <FilterSelect
            label={t('orders.status')}
            allLabel={t('orders.allStatuses')}
            value={status}
            onChange={(v) => update({ status: v })}
            options={ORDER_STATUSES.map((s) => ({ id: s, label: t(`status.order.${s}`) }))}
          />
          <DayRangeFields dates={dates} onChange={update} />
          <SearchForm
            label={t('orders.search')}
            placeholder={t('orders.searchHint')}
            initial={q}
            onSearch={(v) => update({ q: v })}
          />
        </div>
        <QueryView
          query={list}
          isEmpty={(d) => d.items.length === 0}
          empty={q || status || dates.from || dates.to ? t('orders.noneMatching') : t('orders.none')}
        >
          {(data) => (
            <>
              <OrdersTable
                items={data.items}
                label={t('orders.title')}
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
