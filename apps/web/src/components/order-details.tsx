import type { CreditTransaction, Order, OrderItemLabel } from '@tradepost/web-contract';
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../lib/format.ts';
import { OrderStatusBadge } from './orders-table.tsx';
import { TransactionsTable } from './transactions-table.tsx';
import { Card, Facts } from './ui/misc.tsx';
import { Empty } from './ui/states.tsx';

/**
 * Where a shipment went: the carrier and the tracking No (in monospace), under the names every
 * order page gives them — the order's progress here, the ship move in the console's history. Each
 * only when known.
 */
export function shipmentFacts(
  t: TFunction,
  s: { carrier: string | null; tracking_no: string | null },
): Array<readonly [string, ReactNode]> {
  return [
    ...(s.carrier ? [[t('console.orders.carrier'), s.carrier] as const] : []),
    ...(s.tracking_no
      ? [[t('orders.tracking'), <span className="mono">{s.tracking_no}</span>] as const]
      : []),
  ];
}

/**
 * One order, as the portal's and the console's order pages show it: what it is and where it
 * stands (each step of its life with its date, the carrier and tracking No, why it was cancelled
 * and the refund's reference), what was bought, where it goes, and its ledger entries.
 * `facts` come first in the summary (the console's merchant); `productHref` links the product.
 */
export function OrderDetails({
  order: o,
  ledger,
  item,
  productHref,
  facts = [],
  viewer = 'merchant',
  batchNo = null,
  batchHref,
}: {
  order: Order;
  ledger: readonly CreditTransaction[];
  /** The product's title and SKU spec, when the catalog still has them. */
  item: OrderItemLabel | null;
  productHref: (goodsId: string) => string;
  facts?: ReadonlyArray<readonly [string, ReactNode]>;
  viewer?: 'merchant' | 'operator';
  /** The batch it was placed in, linked by `batchHref` (the portal's batch page): its only way in. */
  batchNo?: string | null;
  batchHref?: (batchNo: string) => string;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const a = o.shipping_address;
  const closed = o.status === 'cancelled' || o.status === 'failed';
  const step = (when: string | null, label: string): Array<readonly [string, ReactNode]> =>
    when ? [[label, f.dateTime(when)]] : [];
  return (
    <div className="stack">
      <Card title={t('orders.summary')}>
        <Facts
          items={[
            ...facts,
            [t('orders.status'), <OrderStatusBadge status={o.status} />],
            [
              viewer === 'operator' ? t('console.orders.merchantOrderNo') : t('orders.merchantOrderNo'),
              o.merchant_order_no ?? '—',
            ],
            ...(batchNo && batchHref
              ? [
                  [
                    t('orders.batch'),
                    <Link className="mono" to={batchHref(batchNo)}>
                      {batchNo}
                    </Link>,
                  ] as const,
                ]
              : []),
            [t('orders.amount'), f.money(o.amount, o.currency)],
            [t('orders.created'), f.dateTime(o.created_at)],
            [t('orders.updated'), f.dateTime(o.updated_at)],
          ]}
        />
      </Card>
      <Card title={t('orders.progress')}>
        <Facts
          items={[
            ...shipmentFacts(t, o),
            // A closed order that never shipped has no tracking to wait for.
            ...(!o.tracking_no && !closed ? [[t('orders.tracking'), t('orders.noTracking')] as const] : []),
            ...step(o.shipped_at, t('orders.shippedAt')),
            ...step(o.delivered_at, t('orders.deliveredAt')),
            ...step(o.cancelled_at, t(`orders.closedAt.${o.status === 'failed' ? 'failed' : 'cancelled'}`)),
            ...(closed ? [[t('orders.closeReason'), o.cancel_reason ?? '—'] as const] : []),
            ...(o.refund_reference_no
              ? [
                  [
                    t('orders.refundReference'),
                    <span className="mono">{o.refund_reference_no}</span>,
                  ] as const,
                ]
              : []),
          ]}
        />
      </Card>
      <Card title={t('orders.items')}>
        <Facts
          items={[
            [
              t('orders.product'),
              <>
                <Link to={productHref(o.goods_id)}>{item?.title ?? o.goods_id}</Link>
                {item && <span className="muted mono small subline">{o.goods_id}</span>}
              </>,
            ],
            [
              t('orders.sku'),
              <>
                {item?.spec}
                <span className={`mono${item?.spec ? ' muted small subline' : ''}`}>{o.sku_id}</span>
              </>,
            ],
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
        {ledger.length === 0 ? (
          <Empty>{t('orders.noLedger')}</Empty>
        ) : (
          <TransactionsTable items={ledger} label={t('orders.ledger')} />
        )}
      </Card>
    </div>
  );
}
