import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { CreditFigures } from '../../../components/credit-figures.tsx';
import { OrdersTable } from '../../../components/orders-table.tsx';
import { TransactionsTable } from '../../../components/transactions-table.tsx';
import { Banner, Card, PageHeader } from '../../../components/ui/misc.tsx';
import { Empty, ErrorState, Loading } from '../../../components/ui/states.tsx';
import { useFormat } from '../../../lib/format.ts';
import { useDashboard } from '../api/get-dashboard.ts';

const SpendChart = lazy(() => import('../components/spend-chart.tsx'));

export function DashboardPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const dashboard = useDashboard();

  return (
    <>
      <PageHeader title={t('dashboard.title')} />
      {dashboard.isPending ? (
        <Loading />
      ) : dashboard.isError ? (
        <ErrorState error={dashboard.error} onRetry={() => void dashboard.refetch()} />
      ) : (
        <div className="stack">
          {dashboard.data.credit.status === 'frozen' && (
            <Banner tone="danger">{t('credit.frozenBanner')}</Banner>
          )}
          {dashboard.data.merchant_status === 'suspended' && (
            <Banner tone="danger">{t('credit.suspendedBanner')}</Banner>
          )}
          {dashboard.data.credit.status !== 'frozen' && dashboard.data.low_credit && (
            <Banner tone="warning">
              {t('credit.lowBanner', {
                available: f.money(dashboard.data.credit.available, dashboard.data.credit.currency),
              })}
            </Banner>
          )}
          <Card title={t('dashboard.creditOverview')}>
            <CreditFigures credit={dashboard.data.credit} />
          </Card>
          <Card title={t('dashboard.spendTitle')}>
            <Suspense fallback={<Loading label={t('dashboard.chartLoading')} />}>
              <SpendChart days={dashboard.data.daily_spend} currency={dashboard.data.credit.currency} />
            </Suspense>
          </Card>
          <Card title={t('dashboard.recentOrders')}>
            {dashboard.data.recent_orders.length === 0 ? (
              <Empty>
                {t('dashboard.noOrders')} <Link to="/products">{t('dashboard.browseProducts')}</Link>
              </Empty>
            ) : (
              <OrdersTable
                items={dashboard.data.recent_orders}
                label={t('dashboard.recentOrders')}
                orderHref={(n) => `/orders/${encodeURIComponent(n)}`}
              />
            )}
            <p>
              <Link to="/orders">{t('dashboard.allOrders')}</Link>
            </p>
          </Card>
          <Card title={t('dashboard.recentTransactions')}>
            {dashboard.data.recent_transactions.length === 0 ? (
              <Empty>{t('dashboard.noTransactions')}</Empty>
            ) : (
              <TransactionsTable
                items={dashboard.data.recent_transactions}
                label={t('dashboard.recentTransactions')}
                orderHref={(n) => `/orders/${encodeURIComponent(n)}`}
              />
            )}
            <p>
              <Link to="/transactions">{t('dashboard.allTransactions')}</Link>
            </p>
          </Card>
        </div>
      )}
    </>
  );
}
