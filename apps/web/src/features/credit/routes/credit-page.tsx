import { useTranslation } from 'react-i18next';
import { CreditFigures } from '../../../components/credit-figures.tsx';
import { TransactionsTable } from '../../../components/transactions-table.tsx';
import { Banner, Card, PageHeader } from '../../../components/ui/misc.tsx';
import { Empty, ErrorState, Loading } from '../../../components/ui/states.tsx';
import { useFormat } from '../../../lib/format.ts';
import { useCreditOverview } from '../api/get-credit.ts';

export function CreditPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const credit = useCreditOverview();
  return (
    <>
      <PageHeader title={t('credit.title')} />
      {credit.isPending ? (
        <Loading />
      ) : credit.isError ? (
        <ErrorState error={credit.error} onRetry={() => void credit.refetch()} />
      ) : (
        <>
          {credit.data.credit.status === 'frozen' && (
            <Banner tone="danger">{t('credit.frozenBanner')}</Banner>
          )}
          {credit.data.credit.status !== 'frozen' && credit.data.low_credit && (
            <Banner tone="warning">
              {t('credit.lowBanner', {
                available: f.money(credit.data.credit.available, credit.data.credit.currency),
              })}
            </Banner>
          )}
          <Card title={t('credit.statusTitle')}>
            <CreditFigures credit={credit.data.credit} />
          </Card>
          <Card title={t('credit.history')}>
            <p className="muted">{t('credit.historyHint')}</p>
            {credit.data.history.length === 0 ? (
              <Empty>{t('credit.noHistory')}</Empty>
            ) : (
              <TransactionsTable items={credit.data.history} label={t('credit.history')} />
            )}
          </Card>
        </>
      )}
    </>
  );
}
