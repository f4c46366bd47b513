import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { OrderStatusBadge } from '../../../components/orders-table.tsx';
import { TransactionsTable } from '../../../components/transactions-table.tsx';
import { Card, Facts, PageHeader } from '../../../components/ui/misc.tsx';
import { Empty, ErrorState, Loading } from '../../../components/ui/states.tsx';
import { useFormat } from '../../../lib/format.ts';
import { useOrder } from '../api/get-order.ts';
import { CancelOrder } from '../components/cancel-order.tsx';

export function OrderPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const { orderNo = '' } = useParams();
  const order = useOrder(orderNo);
  return (
    <>
      <PageHeader title={t('orders.detailTitle', { orderNo })}>
        {order.data && <CancelOrder order={order.data.order} />}
        <Link to="/orders">{t('orders.backToList')}</Link>
      </PageHeader>
      {order.isPending ? (
        <Loading />
      ) : order.isError ? (
        <ErrorState error={order.error} />
      ) : (
        (() => {
          const o = order.data.order;
          const a = o.shipping_address;
          return (
            <div className="stack">
              <Card title={t('orders.summary')}>
                <Facts
                  items={[
                    [t('orders.status'), <OrderStatusBadge status={o.status} />],
                    [t('orders.merchantOrderNo'), o.merchant_order_no ?? '—'],
                    [t('orders.amount'), f.money(o.amount, o.currency)],
                    [t('orders.created'), f.dateTime(o.created_at)],
                    [t('orders.updated'), f.dateTime(o.updated_at)],
                    [t('orders.tracking'), o.tracking_no ?? t('orders.noTracking')],
                  ]}
                />
              </Card>
              <Card title={t('orders.items')}>
                <Facts
                  items={[
                    [
                      t('orders.product'),
                      <Link to={`/products/${encodeURIComponent(o.goods_id)}`}>{o.goods_id}</Link>,
                    ],
                    [t('orders.sku'), <span className="mono">{o.sku_id}</span>],
                    [t('orders.quantity'), f.number(o.quantity)],
                    [t('orders.unitPrice'), f.money(o.unit_price, o.currency)],
                  ]}
                />
              </Card>
              <Card title={t('orders.shippingAddress')}>
                <address>
                  {a.name}
                  <br />
                  {a.phone}
                  <br />
                  {a.address}
                  <br />
                  {a.city} {a.postal_code}
                  <br />
                  {a.country}
                </address>
              </Card>
              <Card title={t('orders.ledger')}>
                {order.data.ledger.length === 0 ? (
                  <Empty>{t('orders.noLedger')}</Empty>
                ) : (
                  <TransactionsTable items={order.data.ledger} label={t('orders.ledger')} />
                )}
              </Card>
            </div>
          );
        })()
      )}
    </>
  );
}
