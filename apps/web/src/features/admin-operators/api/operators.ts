import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  adminApi,
  type CreateOperatorBody,
  type OperatorRoleBody,
  type OperatorStatusBody,
  type TwoFactorResetBody,
} from '@tradepost/web-contract';
import { call } from '../../../lib/api-client.ts';
import { rootKeys } from '../../../lib/query-keys.ts';

export const operatorKeys = { all: [...rootKeys.admin, 'operators'] as const };

export function useOperators() {
  return useQuery({
    queryKey: operatorKeys.all,
    queryFn: ({ signal }) => call('admin', adminApi.operators, { signal }),
  });
}

/** Answers the new operator with a temporary password, shown once. */
export function useCreateOperator() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateOperatorBody) => call('admin', adminApi.createOperator, { body }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: operatorKeys.all }),
    gcTime: 0,
  });
}

export type AccessChange = { operatorId: string } & (OperatorRoleBody | OperatorStatusBody);

export function useSetOperatorAccess() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ operatorId, ...body }: AccessChange) =>
      'role' in body
        ? call('admin', adminApi.setOperatorRole, { params: { operatorId }, body })
        : call('admin', adminApi.setOperatorStatus, { params: { operatorId }, body }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: operatorKeys.all }),
  });
}

/** Answers a temporary password, shown once. */
export function useResetOperatorPassword() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (operatorId: string) =>
      call('admin', adminApi.resetOperatorPassword, { params: { operatorId } }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: operatorKeys.all }),
    gcTime: 0,
  });
}

/** Another operator's two-step sign-in off (a lost phone), with the note; their sessions end. */
export function useResetOperatorTwoFactor() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ operatorId, ...body }: { operatorId: string } & TwoFactorResetBody) =>
      call('admin', adminApi.resetOperatorTwoFactor, { params: { operatorId }, body }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: operatorKeys.all }),
  });
}
