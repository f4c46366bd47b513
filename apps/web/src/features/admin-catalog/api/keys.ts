import type { AdminProductsQuery } from '@tradepost/web-contract';
import { rootKeys } from '../../../lib/query-keys.ts';

export const catalogKeys = {
  all: [...rootKeys.admin, 'catalog'] as const,
  list: (q: AdminProductsQuery) => [...rootKeys.admin, 'catalog', 'list', q] as const,
};
