import { useMutation, useQueryClient } from '@tanstack/react-query';
import { portalApi, type ProfileBody } from '@tradepost/web-contract';
import { call } from '../../../lib/api-client.ts';
import { profileKeys } from './get-profile.ts';

export function useUpdateProfile() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ProfileBody) => call('portal', portalApi.updateProfile, { body }),
    onSuccess: (profile) => qc.setQueryData(profileKeys.profile, profile),
  });
}
