import type { WebhookDelivery } from '@tradepost/web-contract';
import { useTranslation } from 'react-i18next';
import { StatusBadge } from '../../../components/ui/misc.tsx';

/** Badge classes the page's styles already have, for the states that have none of their own. */
const BADGE: Partial<Record<WebhookDelivery['status'], string>> = { canceled: 'cancelled' };

/** What became of a delivery: a deleted endpoint's queued one was canceled. */
export function DeliveryStatusBadge({ delivery }: { delivery: WebhookDelivery }) {
  const { t } = useTranslation();
  const state = delivery.status;
  return <StatusBadge status={BADGE[state] ?? state} label={t(`webhooks.deliveryStatus.${state}`)} />;
}

/** Where a delivery goes (went): its endpoint's URL, said to be deleted when it is. */
export function useDeliveryUrl(): (d: WebhookDelivery) => string {
  const { t } = useTranslation();
  return (d) =>
    d.endpoint_status === 'deleted' ? t('webhooks.deletedEndpoint', { url: d.endpoint_url }) : d.endpoint_url;
}
