import { useMutation, useQueryClient } from '@tanstack/react-query';
import { portalApi, type GenerateApiKeyBody } from '@tradepost/web-contract';
import { call } from '../../../lib/api-client.ts';
import { credentialKeys } from './keys.ts';

export function useGenerateApiKey() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: GenerateApiKeyBody) => call('portal', portalApi.generateApiKey, { body }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: credentialKeys.apiKey }),
    gcTime: 0,
  });
}
