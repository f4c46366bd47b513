import type { Order } from '@tradepost/web-contract';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../lib/format.ts';
import { MiddleTruncate } from './middle-truncate.tsx';
import { StatusBadge, TableWrap } from './ui/misc.tsx';

export function OrderStatusBadge({ status }: { status: Order['status'] }) {
  const { t } = useTranslation();
  return <StatusBadge status={status} label={t(`status.order.${status}`)} />;
}

/**
 * Orders as a table; `select` adds a first column (the console's bulk selection), `actions` a last
 * one. `viewer` words the merchant's own order number: "Your order No" to a merchant, "Merchant
 * order No" to an operator. Long free-text ids are cut in the middle (whole in the tooltip).
 */
export function OrdersTable<O extends Order>({
  items,
  label,
  orderHref,
  viewer = 'merchant',
  extraColumn,
  select,
  actions,
}: {
  items: readonly O[];
  label: string;
  orderHref: (orderNo: string) => string;
  viewer?: 'merchant' | 'operator';
  extraColumn?: { header: string; cell: (o: O) => ReactNode };
  select?: { header: ReactNode; cell: (o: O) => ReactNode };
  actions?: { header: string; cell: (o: O) => ReactNode };
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const merchantOrderNo =
    viewer === 'operator' ? t('console.orders.merchantOrderNo') : t('orders.merchantOrderNo');
  return (
    <TableWrap label={label} cards>
      <table className={viewer === 'operator' ? 'compact-table' : undefined}>
        <thead>
          <tr>
            {select && (
              // On a phone the select-all stays in sight above the cards; each card's box is "Select".
              <th scope="col" className="select-all" data-card-label={t('console.orders.selectOne')}>
                {select.header}
              </th>
            )}
            <th scope="col">{t('orders.orderNo')}</th>
            <th scope="col">{merchantOrderNo}</th>
            {extraColumn && <th scope="col">{extraColumn.header}</th>}
            <th scope="col">{t('orders.status')}</th>
            <th scope="col" className="num">
              {viewer === 'operator' ? (
                <abbr title={t('orders.quantity')}>{t('console.orders.qty')}</abbr>
              ) : (
                t('orders.quantity')
              )}
            </th>
            <th scope="col" className="num">
              {t('orders.amount')}
            </th>
            <th scope="col">{t('orders.created')}</th>
            {actions && <th scope="col">{actions.header}</th>}
          </tr>
        </thead>
        <tbody>
          {items.map((o) => (
            <tr key={o.order_no}>
              {select && <td>{select.cell(o)}</td>}
              <td>
                <Link to={orderHref(o.order_no)} className="mono">
                  {o.order_no}
                </Link>
              </td>
              <td className="mono">
                {o.merchant_order_no ? <MiddleTruncate text={o.merchant_order_no} /> : '—'}
              </td>
              {extraColumn && <td>{extraColumn.cell(o)}</td>}
              <td>
                <OrderStatusBadge status={o.status} />
              </td>
              <td className="num">{f.number(o.quantity)}</td>
              <td className="num">{f.money(o.amount, o.currency)}</td>
              <td className="date-cell">{f.dateTime(o.created_at)}</td>
              {actions && <td>{actions.cell(o)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}
