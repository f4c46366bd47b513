import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Card, DataTable, Facts, PageHeader } from '../../../components/ui/misc.tsx';
import { QueryView } from '../../../components/ui/states.tsx';
import { useFormat } from '../../../lib/format.ts';
import { useOverview } from '../api/get-overview.ts';

const merchantHref = (id: string) => `/admin/merchants/${encodeURIComponent(id)}`;

/**
 * The console's first page: what waits on an operator (orders by status, failing webhooks) and
 * where the credit stands (granted and drawn per currency, the merchants closest to their limit).
 * Every figure links to the list behind it.
 */
export function OverviewPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const overview = useOverview();
  return (
    <>
      <PageHeader title={t('console.overview.title')} />
      <QueryView query={overview}>
        {(o) => (
          <div className="stack">
            <Card title={t('console.overview.waiting')}>
              <div className="stack">
                <DataTable
                  label={t('console.overview.waiting')}
                  columns={[
                    t('orders.status'),
                    { label: t('console.overview.orders'), numeric: true },
                    t('console.overview.oldest'),
                  ]}
                >
                  {o.queue.map((q) => (
                    <tr key={q.status} data-status={q.status}>
                      <td>
                        <Link to={`/admin/orders?status=${q.status}`}>{t(`status.order.${q.status}`)}</Link>
                      </td>
                      <td className="num">
                        {q.count_capped
                          ? t('console.overview.moreThan', { count: f.number(q.count) })
                          : f.number(q.count)}
                      </td>
                      <td>
                        {q.oldest_created_at ? (
                          <span title={f.dateTime(q.oldest_created_at)}>{f.age(q.oldest_created_at)}</span>
                        ) : (
                          '—'
                        )}
                      </td>
                    </tr>
                  ))}
                </DataTable>
                <Facts
                  items={[
                    [
                      t('console.overview.failingWebhooks'),
                      <Link to="/admin/webhooks" data-figure="failing_webhooks">
                        {f.number(o.failing_webhooks)}
                      </Link>,
                    ],
                    [
                      t('nav.merchants'),
                      <Link to="/admin/merchants" data-figure="merchants">
                        {t('console.overview.merchantCounts', {
                          active: f.number(o.merchants.active),
                          suspended: f.number(o.merchants.suspended),
                        })}
                      </Link>,
                    ],
                  ]}
                />
              </div>
            </Card>
            <Card title={t('console.overview.credit')}>
              {o.exposure.length === 0 ? (
                <p className="muted">{t('console.overview.noAccounts')}</p>
              ) : (
                <DataTable
                  label={t('console.overview.credit')}
                  columns={[
                    t('console.merchants.field.currency'),
                    { label: t('console.overview.accounts'), numeric: true },
                    { label: t('console.overview.granted'), numeric: true },
                    { label: t('credit.used'), numeric: true },
                    { label: t('credit.utilization'), numeric: true },
                    { label: t('console.overview.frozen'), numeric: true },
                  ]}
                >
                  {o.exposure.map((e) => (
                    <tr key={e.currency} data-currency={e.currency}>
                      <td>{e.currency}</td>
                      <td className="num">{f.number(e.accounts)}</td>
                      <td className="num">{f.money(e.credit_limit, e.currency)}</td>
                      <td className="num">{f.money(e.drawn, e.currency)}</td>
                      <td className="num">{f.percent(e.utilization_percent)}</td>
                      <td className="num">
                        {e.frozen > 0 ? (
                          <Link to="/admin/merchants?credit_status=frozen">{f.number(e.frozen)}</Link>
                        ) : (
                          f.number(e.frozen)
                        )}
                      </td>
                    </tr>
                  ))}
                </DataTable>
              )}
            </Card>
            <Card title={t('console.overview.mostUtilized')}>
              {o.most_utilized.length === 0 ? (
                <p className="muted">{t('console.overview.noneDrawn')}</p>
              ) : (
                <DataTable
                  label={t('console.overview.mostUtilized')}
                  columns={[
                    t('console.overview.merchant'),
                    { label: t('credit.limit'), numeric: true },
                    { label: t('credit.used'), numeric: true },
                    { label: t('credit.utilization'), numeric: true },
                  ]}
                >
                  {o.most_utilized.map((m) => (
                    <tr key={m.merchant_id}>
                      <td>
                        <Link to={merchantHref(m.merchant_id)}>{m.name}</Link>
                      </td>
                      <td className="num">{f.money(m.credit.credit_limit, m.credit.currency)}</td>
                      <td className="num">{f.money(m.credit.used, m.credit.currency)}</td>
                      <td className="num">{f.percent(m.credit.utilization_percent)}</td>
                    </tr>
                  ))}
                </DataTable>
              )}
            </Card>
          </div>
        )}
      </QueryView>
    </>
  );
}
