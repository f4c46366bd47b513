import { rootKeys } from '../../../lib/query-keys.ts';

/** Lists only (ids, status, dates): a secret is never put in the query cache. */
export const credentialKeys = {
  apps: [...rootKeys.credentials, 'apps'] as const,
  apiKey: [...rootKeys.credentials, 'api-key'] as const,
  tokens: [...rootKeys.credentials, 'tokens'] as const,
};
