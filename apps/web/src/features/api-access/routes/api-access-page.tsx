import { useTranslation } from 'react-i18next';
import { Card, PageHeader } from '../../../components/ui/misc.tsx';
import { ApiKeySection } from '../components/api-key-section.tsx';
import { AppsSection } from '../components/apps-section.tsx';
import { TokensSection } from '../components/tokens-section.tsx';

export function ApiAccessPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('apiAccess.title')} />
      {/* Three doors side by side: a newcomer needs one sentence on which to take. */}
      <Card title={t('apiAccess.which')}>
        <p>{t('apiAccess.same')}</p>
        <ul>
          <li>{t('apiAccess.forApps')}</li>
          <li>{t('apiAccess.forApiKey')}</li>
          <li>{t('apiAccess.forTokens')}</li>
        </ul>
      </Card>
      <AppsSection />
      <ApiKeySection />
      <TokensSection />
    </>
  );
}
