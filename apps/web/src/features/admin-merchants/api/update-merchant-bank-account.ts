import { adminApi, type BankAccountBody } from '@tradepost/web-contract';
import { call } from '../../../lib/api-client.ts';
import { useMerchantEdit } from './merchant-edit.ts';

export const useUpdateMerchantBankAccount = (merchantId: string) =>
  useMerchantEdit(merchantId, (body: BankAccountBody) =>
    call('admin', adminApi.updateMerchantBankAccount, { params: { merchantId }, body }),
  );
