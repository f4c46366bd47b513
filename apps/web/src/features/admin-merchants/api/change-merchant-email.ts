import { adminApi, type MerchantEmailBody } from '@tradepost/web-contract';
import { call } from '../../../lib/api-client.ts';
import { useMerchantEdit } from './merchant-edit.ts';

export const useChangeMerchantEmail = (merchantId: string) =>
  useMerchantEdit(merchantId, (body: MerchantEmailBody) =>
    call('admin', adminApi.changeMerchantEmail, { params: { merchantId }, body }),
  );
