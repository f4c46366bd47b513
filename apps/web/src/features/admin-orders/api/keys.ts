import type { AdminOrdersQuery } from '@tradepost/web-contract';
import { rootKeys } from '../../../lib/query-keys.ts';

export const adminOrderKeys = {
  all: [...rootKeys.admin, 'orders'] as const,
  list: (q: AdminOrdersQuery) => [...rootKeys.admin, 'orders', 'list', q] as const,
  detail: (orderNo: string) => [...rootKeys.admin, 'orders', 'detail', orderNo] as const,
};
