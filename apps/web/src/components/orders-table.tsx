import type { Order } from '@tradepost/web-contract';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../lib/format.ts';
import { StatusBadge, TableWrap } from './ui/misc.tsx';

export function OrderStatusBadge({ status }: { status: Order['status'] }) {
  const { t } = useTranslation();
  return <StatusBadge status={status} label={t(`status.order.${status}`)} />;
}

/** Orders as a table; `select` adds a first column (the console's bulk selection). */
export function OrdersTable<O extends Order>({
  items,
  label,
  orderHref,
  extraColumn,
  select,
}: {
  items: readonly O[];
  label: string;
  orderHref: (orderNo: string) => string;
  extraColumn?: { header: string; cell: (o: O) => ReactNode };
  select?: { header: ReactNode; cell: (o: O) => ReactNode };
}) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <TableWrap label={label}>
      <table>
        <thead>
          <tr>
            {select && <th scope="col">{select.header}</th>}
            <th scope="col">{t('orders.orderNo')}</th>
            <th scope="col">{t('orders.merchantOrderNo')}</th>
            {extraColumn && <th scope="col">{extraColumn.header}</th>}
            <th scope="col">{t('orders.status')}</th>
            <th scope="col" className="num">
              {t('orders.quantity')}
            </th>
            <th scope="col" className="num">
              {t('orders.amount')}
            </th>
            <th scope="col">{t('orders.created')}</th>
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
              <td className="mono">{o.merchant_order_no ?? '—'}</td>
              {extraColumn && <td>{extraColumn.cell(o)}</td>}
              <td>
                <OrderStatusBadge status={o.status} />
              </td>
              <td className="num">{f.number(o.quantity)}</td>
              <td className="num">{f.money(o.amount, o.currency)}</td>
              <td>{f.dateTime(o.created_at)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}
