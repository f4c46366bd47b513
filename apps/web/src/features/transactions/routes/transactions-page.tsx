import { useTranslation } from 'react-i18next';
import { LedgerList } from '../../../components/ledger-list.tsx';
import { ownLedger } from '../api/get-transactions.ts';

export function TransactionsPage() {
  const { t } = useTranslation();
  return <LedgerList title={t('tx.title')} source={ownLedger} />;
}
