import { useMutation, useQueryClient } from '@tanstack/react-query';
import { adminApi, type CatalogImportBody } from '@tradepost/web-contract';
import { call } from '../../../lib/api-client.ts';
import { catalogKeys } from './keys.ts';

export function useImportCatalog() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CatalogImportBody) => call('admin', adminApi.catalogImport, { body }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: catalogKeys.all }),
  });
}
