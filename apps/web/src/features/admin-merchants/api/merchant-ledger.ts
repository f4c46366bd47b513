import { adminApi } from '@tradepost/web-contract';
import type { LedgerSource } from '../../../components/ledger-list.tsx';
import { call, urlOf } from '../../../lib/api-client.ts';
import { merchantKeys } from './keys.ts';

/** One merchant's ledger, as operators read and export it. */
export function merchantLedger(merchantId: string): LedgerSource {
  const params = { merchantId };
  return {
    key: merchantKeys.transactions(merchantId),
    page: (query, signal) => call('admin', adminApi.merchantTransactions, { params, query, signal }),
    csvUrl: (query) => urlOf('admin', adminApi.merchantTransactionsCsv, { params, query }),
    orderHref: (n) => `/admin/orders/${encodeURIComponent(n)}`,
  };
}
