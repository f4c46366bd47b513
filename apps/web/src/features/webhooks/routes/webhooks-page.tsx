import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../../components/ui/misc.tsx';
import { DeliveryLog } from '../components/delivery-log.tsx';
import { EndpointsSection } from '../components/endpoints-section.tsx';
import { SettingsSection } from '../components/settings-section.tsx';

/** Webhooks (issue #11): endpoints, the credit.low threshold, and the delivery log with Resend. */
export function WebhooksPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('webhooks.title')} />
      <EndpointsSection />
      <SettingsSection />
      <DeliveryLog />
    </>
  );
}
