import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { adminApi, type AuditQuery } from '@tradepost/web-contract';
import { call } from '../../../lib/api-client.ts';
import { rootKeys } from '../../../lib/query-keys.ts';

export const auditKeys = { list: (q: AuditQuery) => [...rootKeys.admin, 'audit', q] as const };

export function useAudit(query: AuditQuery) {
  return useQuery({
    queryKey: auditKeys.list(query),
    queryFn: ({ signal }) => call('admin', adminApi.audit, { query, signal }),
    placeholderData: keepPreviousData,
  });
}
