import type { MerchantsQuery } from '@tradepost/web-contract';
import { rootKeys } from '../../../lib/query-keys.ts';

export const merchantKeys = {
  all: [...rootKeys.admin, 'merchants'] as const,
  list: (q: MerchantsQuery) => [...rootKeys.admin, 'merchants', 'list', q] as const,
  detail: (id: string) => [...rootKeys.admin, 'merchants', 'detail', id] as const,
  transactions: (id: string) => [...rootKeys.admin, 'merchants', 'transactions', id] as const,
};
