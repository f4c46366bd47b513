import { adminApi, ORDER_STATUSES, type AdminOrder, type BulkTransitionBody } from '@tradepost/web-contract';
import { useState, type FormEvent } from 'react';
import { Form } from 'react-aria-components';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { urlOf } from '../../../lib/api-client.ts';
import { localDayBounds } from '../../../lib/local-days.ts';
import { dayRangeFilter, oneOfOrUndefined, useUrlFilters } from '../../../lib/use-url-filters.ts';

import { MiddleTruncate } from '../../../components/middle-truncate.tsx';
import { OrdersTable } from '../../../components/orders-table.tsx';
import { Button } from '../../../components/ui/button.tsx';
import { Checkbox } from '../../../components/ui/checkbox.tsx';
import { NoteDialog } from '../../../components/ui/note-dialog.tsx';
import { Card, PageHeader, Pagination } from '../../../components/ui/misc.tsx';
import { Empty, ErrorState, Loading, MutationStatus } from '../../../components/ui/states.tsx';
import { DayRangeFields, FilterSelect } from '../../../components/list-filters.tsx';
import { TextField } from '../../../components/ui/text-field.tsx';
import { useBulkTransition } from '../api/bulk-transition.ts';
import { useAdminOrders } from '../api/get-orders.ts';
import { MerchantFilter } from '../components/merchant-filter.tsx';
import { OrderActions } from '../components/order-actions.tsx';
import { ShipCsvForm } from '../components/ship-csv-form.tsx';

export function OrdersQueuePage() {
  const { t } = useTranslation();
  const filters = useUrlFilters();
  const status = filters.get('status');
  const q = filters.get('q');
  const merchant = filters.get('merchant_id');
  const dates = dayRangeFilter(filters, t);
  const page = filters.page;
  const [search, setSearch] = useState(q);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const bulk = useBulkTransition();
  // The days picked are the operator's days, as the table's times are: each is sent as the
  // instants of its local start and end.
  const shown = {
    status: oneOfOrUndefined(status, ORDER_STATUSES),
    q: q || undefined,
    merchant_id: merchant || undefined,
    ...localDayBounds(dates.days),
  };
  const list = useAdminOrders({ ...shown, page, page_size: 50 });
  const [cancelling, setCancelling] = useState(false);
  /** All or nothing (the server's rule): on success the selection is done with. */
  const moveSelected = (move: Omit<BulkTransitionBody, 'order_nos'>, then?: () => void) =>
    bulk.mutate(
      { order_nos: [...selected], ...move },
      {
        onSuccess: () => {
          setSelected(new Set());
          then?.();
        },
      },
    );
  const go = (patch: Record<string, string>) => {
    filters.update(patch);
    setSelected(new Set());
  };
  const items: AdminOrder[] = list.data?.items ?? [];
  const allSelected = items.length > 0 && items.every((o) => selected.has(o.order_no));
  const bulkFailed = bulk.data?.results.filter((r) => !r.ok) ?? [];

  return (
    <>
      <PageHeader title={t('console.orders.title')}>
        {/* Every order the filters match, with recipients: the ship file's first three columns
            come back filled in through "Ship by CSV" below. */}
        <a className="btn btn-secondary" href={urlOf('admin', adminApi.ordersCsv, { query: shown })} download>
          {t('tx.exportCsv')}
        </a>
      </PageHeader>
      <Card>
        <div className="filters">
          <FilterSelect
            label={t('orders.status')}
            allLabel={t('orders.allStatuses')}
            value={status}
            onChange={(v) => go({ status: v })}
            options={ORDER_STATUSES.map((s) => ({ id: s, label: t(`status.order.${s}`) }))}
          />
          <DayRangeFields dates={dates} onChange={go} />
          <MerchantFilter merchantId={merchant} onChange={(id) => go({ merchant_id: id })} />
          <Form
            className="row"
            role="search"
            onSubmit={(e: FormEvent) => {
              e.preventDefault();
              go({ q: search.trim() });
            }}
          >
            <TextField label={t('console.orders.search')} type="search" value={search} onChange={setSearch} />
            <Button type="submit" variant="secondary">
              {t('common.search')}
            </Button>
          </Form>
        </div>
        <div className="row section-row">
          <span>{t('console.orders.selected', { count: selected.size })}</span>
          {(['processing', 'delivered'] as const).map((status) => (
            <Button
              key={status}
              variant={status === 'processing' ? 'primary' : 'secondary'}
              isDisabled={selected.size === 0}
              isPending={bulk.isPending && bulk.variables?.status === status}
              onPress={() => moveSelected({ status })}
            >
              {t(`console.orders.markSelected.${status}`)}
            </Button>
          ))}
          <Button
            variant="danger"
            isDisabled={selected.size === 0}
            onPress={() => {
              bulk.reset();
              setCancelling(true);
            }}
          >
            {t('console.orders.cancelSelected')}
          </Button>
        </div>
        <NoteDialog
          isOpen={cancelling}
          onClose={() => setCancelling(false)}
          title={t('console.orders.cancelSelectedTitle', { count: selected.size })}
          consequence={t('console.orders.cancelSelectedConsequence')}
          noteLabel={t('console.orders.reason')}
          noteHint={t('console.orders.reasonToMerchant')}
          confirmLabel={t('console.orders.cancelSelectedConfirm')}
          dismissLabel={t('console.orders.keepSelected')}
          tone="danger"
          onConfirm={(reason) => moveSelected({ status: 'cancelled', reason }, () => setCancelling(false))}
          isPending={bulk.isPending}
          error={cancelling ? bulk.error : null}
          errorSummary={t('console.orders.bulkRefused')}
        />
        <MutationStatus
          isPending={bulk.isPending}
          isSuccess={bulk.isSuccess}
          error={cancelling ? null : bulk.error}
          summary={t('console.orders.bulkRefused')}
          successText={
            bulk.data
              ? t('console.orders.bulkDone', {
                  ok: bulk.data.results.length - bulkFailed.length,
                  failed: bulkFailed.length,
                })
              : undefined
          }
        />
        {bulkFailed.length > 0 && (
          <ul className="status-error">
            {bulkFailed.map((r) => (
              <li key={r.order_no}>
                {r.order_no}: {'error' in r ? r.error.message : ''}
              </li>
            ))}
          </ul>
        )}
        {list.isPending ? (
          <Loading />
        ) : list.isError ? (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        ) : items.length === 0 ? (
          <Empty>{t('orders.noneMatching')}</Empty>
        ) : (
          <>
            <OrdersTable
              items={items}
              label={t('console.orders.title')}
              orderHref={(n) => `/admin/orders/${encodeURIComponent(n)}`}
              select={{
                header: (
                  <Checkbox
                    aria-label={t('console.orders.selectAll')}
                    isSelected={allSelected}
                    onChange={(on) => setSelected(on ? new Set(items.map((o) => o.order_no)) : new Set())}
                  >
                    <span className="visually-hidden">{t('console.orders.selectAll')}</span>
                  </Checkbox>
                ),
                cell: (o) => (
                  <Checkbox
                    isSelected={selected.has(o.order_no)}
                    onChange={(on) =>
                      setSelected((s) => {
                        const n = new Set(s);
                        if (on) n.add(o.order_no);
                        else n.delete(o.order_no);
                        return n;
                      })
                    }
                  >
                    <span className="visually-hidden">
                      {t('console.orders.select', { orderNo: o.order_no })}
                    </span>
                  </Checkbox>
                ),
              }}
              viewer="operator"
              extraColumn={{
                header: t('console.orders.merchant'),
                cell: (o) => (
                  <>
                    {/* The name for people (the id on hover and on the merchant's page). */}
                    <Link to={`/admin/merchants/${encodeURIComponent(o.merchant_id)}`} title={o.merchant_id}>
                      {o.merchant_name}
                    </Link>
                    {o.tracking_no && (
                      <>
                        <span className="muted field-label">{t('orders.tracking')}</span>
                        <MiddleTruncate text={o.tracking_no} className="muted" />
                      </>
                    )}
                  </>
                ),
              }}
              actions={{
                header: t('console.orders.actions'),
                cell: (o) => <OrderActions order={o} />,
              }}
            />
            <Pagination of={list.data} onPage={(p) => go({ page: String(p) })} />
          </>
        )}
      </Card>
      <Card title={t('console.orders.shipCsv')}>
        <ShipCsvForm />
      </Card>
    </>
  );
}
