import { ORDER_STATUSES, type OrderStatus } from '@tradepost/web-contract';
import { useState, type FormEvent } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { useUrlFilters } from '../../../lib/use-url-filters.ts';

import { OrdersTable } from '../../../components/orders-table.tsx';
import { Button } from '../../../components/ui/button.tsx';
import { Card, PageHeader, Pagination } from '../../../components/ui/misc.tsx';
import { Select } from '../../../components/ui/select.tsx';
import { Empty, ErrorState, Loading } from '../../../components/ui/states.tsx';
import { TextField } from '../../../components/ui/text-field.tsx';
import { useOrders } from '../api/get-orders.ts';

export function OrdersPage() {
  const { t } = useTranslation();
  const filters = useUrlFilters();
  const status = filters.get('status');
  const q = filters.get('q');
  const page = filters.page;
  const [search, setSearch] = useState(q);
  const list = useOrders({
    status: (ORDER_STATUSES as readonly string[]).includes(status) ? (status as OrderStatus) : undefined,
    q: q || undefined,
    page,
    page_size: 20,
  });

  const update = filters.update;
  const onSearch = (e: FormEvent) => {
    e.preventDefault();
    update({ q: search.trim() });
  };

  return (
    <>
      <PageHeader title={t('orders.title')} />
      <Card>
        <div className="filters">
          <Select
            label={t('orders.status')}
            value={status || 'all'}
            onChange={(v) => update({ status: v === 'all' ? '' : v })}
            options={[
              { id: 'all', label: t('orders.allStatuses') },
              ...ORDER_STATUSES.map((s) => ({ id: s, label: t(`status.order.${s}`) })),
            ]}
          />
          <Form onSubmit={onSearch} className="row" role="search">
            <TextField
              label={t('orders.search')}
              type="search"
              value={search}
              onChange={setSearch}
              placeholder={t('orders.searchHint')}
            />
            <Button type="submit" variant="secondary">
              {t('common.search')}
            </Button>
          </Form>
        </div>
        {list.isPending ? (
          <Loading />
        ) : list.isError ? (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        ) : list.data.items.length === 0 ? (
          <Empty>{q || status ? t('orders.noneMatching') : t('orders.none')}</Empty>
        ) : (
          <>
            <OrdersTable
              items={list.data.items}
              label={t('orders.title')}
              orderHref={(n) => `/orders/${encodeURIComponent(n)}`}
            />
            <Pagination
              page={list.data.page}
              pageSize={list.data.page_size}
              total={list.data.total}
              onPage={(p) => update({ page: String(p) })}
            />
          </>
        )}
      </Card>
    </>
  );
}
