import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../../components/ui/misc.tsx';
import { ApiKeySection } from '../components/api-key-section.tsx';
import { AppsSection } from '../components/apps-section.tsx';
import { TokensSection } from '../components/tokens-section.tsx';

export function ApiAccessPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('apiAccess.title')} />
      <AppsSection />
      <ApiKeySection />
      <TokensSection />
    </>
  );
}
