import { ORDER_STATUSES, searchText } from '@tradepost/web-contract';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { oneOfOrUndefined, useUrlFilters } from '../../../lib/use-url-filters.ts';

import { OrdersTable } from '../../../components/orders-table.tsx';
import { FilterSelect, SearchForm } from '../../../components/list-filters.tsx';
import { Card, PageHeader, Pagination } from '../../../components/ui/misc.tsx';
import { QueryView } from '../../../components/ui/states.tsx';
import { useOrders } from '../api/get-orders.ts';

export function OrdersPage() {
  const { t } = useTranslation();
  const filters = useUrlFilters();
  const status = filters.get('status');
  const q = filters.get('q');
  const page = filters.page;
  const list = useOrders({
    status: oneOfOrUndefined(status, ORDER_STATUSES),
    q: filters.valid('q', searchText),
    page,
    page_size: 20,
  });

  const update = filters.update;

  return (
    <>
      <PageHeader title={t('orders.title')}>
        <Link to="/batches/new">{t('batchFile.link')}</Link>
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
          empty={q || status ? t('orders.noneMatching') : t('orders.none')}
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
