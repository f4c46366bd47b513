import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { portalApi, type TransactionsQuery } from '@tradepost/web-contract';
import { call, urlOf } from '../../../lib/api-client.ts';
import { rootKeys } from '../../../lib/query-keys.ts';

export const transactionKeys = {
  all: [...rootKeys.credit, 'transactions'] as const,
  list: (q: TransactionsQuery) => [...rootKeys.credit, 'transactions', q] as const,
};

export function useTransactions(query: TransactionsQuery) {
  return useQuery({
    queryKey: transactionKeys.list(query),
    queryFn: ({ signal }) => call('portal', portalApi.transactions, { query, signal }),
    placeholderData: keepPreviousData,
  });
}

/** The CSV export of the same filters (every page): a plain download link, streamed by the server. */
export function transactionsCsvUrl(query: Omit<TransactionsQuery, 'page' | 'page_size'>): string {
  return urlOf('portal', portalApi.transactionsCsv, { query });
}
