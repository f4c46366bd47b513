import { portalApi } from '@tradepost/web-contract';
import type { LedgerSource } from '../../../components/ledger-list.tsx';
import { call, urlOf } from '../../../lib/api-client.ts';
import { rootKeys } from '../../../lib/query-keys.ts';

/** The signed-in merchant's own ledger. */
export const ownLedger: LedgerSource = {
  key: [...rootKeys.credit, 'transactions'],
  page: (query, signal) => call('portal', portalApi.transactions, { query, signal }),
  csvUrl: (query) => urlOf('portal', portalApi.transactionsCsv, { query }),
  orderHref: (n) => `/orders/${encodeURIComponent(n)}`,
};
