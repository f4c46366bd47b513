import { useTranslation } from 'react-i18next';
import { Link, useRouteError } from 'react-router';
import { PageHeader, usePageTitle } from '../components/ui/misc.tsx';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('notFound.title')} />
      <p>{t('notFound.body')}</p>
      <Link to="..">{t('notFound.back')}</Link>
    </>
  );
}

/** A page chunk that failed to load (a deploy replaced it) or a render error. */
export function RouteError() {
  const { t } = useTranslation();
  const error = useRouteError();
  console.error(error);
  usePageTitle(t('errors.page'));
  return (
    <main className="route-error" id="main">
      <h1>{t('errors.page')}</h1>
      <p>
        <a href={window.location.pathname}>{t('common.reload')}</a>
      </p>
    </main>
  );
}
