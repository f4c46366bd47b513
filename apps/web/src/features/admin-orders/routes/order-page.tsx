import type { AdminOrderDetail } from '@tradepost/web-contract';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { OrderDetails, shipmentFacts } from '../../../components/order-details.tsx';
import { Card, DataTable, PageHeader } from '../../../components/ui/misc.tsx';
import { ErrorState, Loading } from '../../../components/ui/states.tsx';
import { useFormat } from '../../../lib/format.ts';
import { useAdminOrder } from '../api/get-order.ts';
import { OrderActions } from '../components/order-actions.tsx';
import { actorText, credentialText } from '../../../lib/audit-actor.ts';

const statusOf = (v: unknown) => (v as { status?: string } | null)?.status;
const textOf = (v: unknown) => (typeof v === 'string' ? v : null);

/** One order in the console: its details, the moves it allows, and who moved it so far. */
export function ConsoleOrderPage() {
  const { t } = useTranslation();
  const { orderNo = '' } = useParams();
  const order = useAdminOrder(orderNo);
  return (
    <>
      <PageHeader title={t('orders.detailTitle', { orderNo })}>
        {order.data && <OrderActions order={order.data} label={t('console.orders.actions')} />}
        <Link to="/admin/orders">{t('console.orders.backToQueue')}</Link>
      </PageHeader>
      {order.isPending ? (
        <Loading />
      ) : order.isError ? (
        <ErrorState error={order.error} />
      ) : (
        <OrderWithHistory order={order.data} />
      )}
    </>
  );
}

function OrderWithHistory({ order: o }: { order: AdminOrderDetail }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <div className="stack">
      <OrderDetails
        order={o}
        ledger={o.ledger}
        item={o.item}
        viewer="operator"
        productHref={(goodsId) => `/admin/catalog?q=${encodeURIComponent(goodsId)}`}
        facts={[
          [
            t('console.orders.merchant'),
            <>
              <Link to={`/admin/merchants/${encodeURIComponent(o.merchant_id)}`}>{o.merchant_name}</Link>
              <span className="muted mono small subline">{o.merchant_id}</span>
            </>,
          ],
        ]}
      />
      <Card title={t('console.orders.history')}>
        <DataTable
          label={t('console.orders.history')}
          columns={[
            t('security.when'),
            t('security.who'),
            t('console.orders.move'),
            t('console.actions.note'),
          ]}
        >
          {o.history.map((e) => {
            const [from, to] = [statusOf(e.before), statusOf(e.after)];
            return (
              <tr key={e.id}>
                <td>{f.dateTime(e.at)}</td>
                <td>
                  {actorText(t, e)}
                  {e.actor_credential && (
                    <span className="subline small">{credentialText(t, e.actor_credential)}</span>
                  )}
                </td>
                <td>
                  {from && to
                    ? `${t(`status.order.${from}`)} → ${t(`status.order.${to}`)}`
                    : t(`audit.action.${e.action}`)}
                  {/* The ship move says where it went (later moves repeat it: not shown again). */}
                  {to === 'shipped' &&
                    shipmentFacts(t, {
                      carrier: textOf(e.after?.carrier),
                      tracking_no: textOf(e.after?.tracking_no),
                    }).map(([label, value]) => (
                      <span key={label} className="subline small">
                        {label}: {value}
                      </span>
                    ))}
                </td>
                <td>{e.note ?? '—'}</td>
              </tr>
            );
          })}
          {/* Placing is not an operator's move (no audit entry): the order's own facts say it. */}
          <tr>
            <td>{f.dateTime(o.created_at)}</td>
            <td>{o.merchant_name}</td>
            <td>
              {t('orders.placed')}
              <span className="subline small">
                {t('console.orders.placedDebit', { amount: f.money(o.amount, o.currency) })}
              </span>
            </td>
            <td>—</td>
          </tr>
        </DataTable>
      </Card>
    </div>
  );
}
