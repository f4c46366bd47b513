import type { QueryOf, portalApi } from '@tradepost/web-contract';
import { rootKeys } from '../../../lib/query-keys.ts';

/** Endpoints (never a secret: the secret lives only in the dialog that shows it once), settings, the log. */
export const webhookKeys = {
  all: rootKeys.webhooks,
  endpoints: [...rootKeys.webhooks, 'endpoints'] as const,
  settings: [...rootKeys.webhooks, 'settings'] as const,
  events: [...rootKeys.webhooks, 'events'] as const,
  eventList: (q: QueryOf<typeof portalApi.webhookEvents>) =>
    [...rootKeys.webhooks, 'events', 'list', q] as const,
  event: (eventId: string) => [...rootKeys.webhooks, 'events', 'one', eventId] as const,
};
