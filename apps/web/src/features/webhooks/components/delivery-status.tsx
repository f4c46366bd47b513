import type { WebhookDelivery } from '@tradepost/web-contract';
import { useTranslation } from 'react-i18next';
import { StatusBadge } from '../../../components/ui/misc.tsx';

/**
 * What became of a delivery, as true now: a pending retry of a disabled endpoint is paused (its
 * due time has passed and nothing goes out; the worker retries it once the endpoint is enabled
 * again), not "Pending" at a time in the past; one whose attempts failed and that waits for its next
 * is retrying (beside an endpoint shown as failing); a deleted endpoint's queued one was canceled.
 */
export function deliveryState(d: WebhookDelivery): 'paused' | 'retrying' | WebhookDelivery['status'] {
  if (d.status !== 'pending') return d.status;
  if (d.endpoint_status === 'disabled') return 'paused';
  return d.attempts > 0 ? 'retrying' : 'pending';
}

/** Badge classes the page's styles already have, for the states that have none of their own. */
const BADGE: Partial<Record<ReturnType<typeof deliveryState>, string>> = {
  paused: 'disabled',
  canceled: 'cancelled',
  retrying: 'failing',
};

export function DeliveryStatusBadge({ delivery }: { delivery: WebhookDelivery }) {
  const { t } = useTranslation();
  const state = deliveryState(delivery);
  return <StatusBadge status={BADGE[state] ?? state} label={t(`webhooks.deliveryStatus.${state}`)} />;
}

/** Where a delivery goes (went): its endpoint's URL, said to be deleted when it is. */
export function useDeliveryUrl(): (d: WebhookDelivery) => string {
  const { t } = useTranslation();
  return (d) =>
    d.endpoint_status === 'deleted' ? t('webhooks.deletedEndpoint', { url: d.endpoint_url }) : d.endpoint_url;
}
