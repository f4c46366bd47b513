import { adminApi, type ProfileBody } from '@tradepost/web-contract';
import { call } from '../../../lib/api-client.ts';
import { useMerchantEdit } from './merchant-edit.ts';

export const useUpdateMerchantProfile = (merchantId: string) =>
  useMerchantEdit(merchantId, (body: ProfileBody) =>
    call('admin', adminApi.updateMerchantProfile, { params: { merchantId }, body }),
  );
