import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { LedgerList } from '../../../components/ledger-list.tsx';
import { ErrorState, Loading } from '../../../components/ui/states.tsx';
import { useMerchant } from '../api/get-merchant.ts';
import { merchantLedger } from '../api/merchant-ledger.ts';

/** One merchant's whole ledger in the console: the portal's filters, pages and CSV export. */
export function MerchantTransactionsPage() {
  const { t } = useTranslation();
  const { merchantId = '' } = useParams();
  const merchant = useMerchant(merchantId);
  const source = useMemo(() => merchantLedger(merchantId), [merchantId]);
  if (merchant.isPending) return <Loading />;
  if (merchant.isError) return <ErrorState error={merchant.error} />;
  return (
    <LedgerList
      title={t('console.merchants.ledgerTitle', { company: merchant.data.profile.company_name })}
      source={source}
      actions={
        <Link to={`/admin/merchants/${encodeURIComponent(merchantId)}`}>
          {t('console.merchants.backToMerchant')}
        </Link>
      }
    />
  );
}
