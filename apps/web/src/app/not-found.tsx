import { useEffect } from 'react';
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

/**
 * A page chunk this tab's build names that the server no longer has: the app was rebuilt or
 * upgraded while the tab stayed open (Chromium, Firefox and Safari word it differently).
 */
const isStaleChunk = (error: unknown): boolean =>
  error instanceof TypeError &&
  /dynamically imported module|Importing a module script failed/i.test(error.message);

const RELOADED_AT = 'tradepost.staleChunkReload';

/** True at most once a minute per tab, so a chunk missing from the new build too shows the error. */
function mayReload(): boolean {
  try {
    if (Date.now() - Number(sessionStorage.getItem(RELOADED_AT) ?? 0) < 60_000) return false;
    sessionStorage.setItem(RELOADED_AT, String(Date.now()));
    return true;
  } catch {
    return false;
  }
}

/**
 * A page chunk that failed to load or a render error. A stale chunk reloads the page once, at
 * the address it was going to: the new index.html names the new build's chunks.
 */
export function RouteError() {
  const { t } = useTranslation();
  const error = useRouteError();
  const stale = isStaleChunk(error);
  useEffect(() => {
    if (stale && mayReload()) window.location.reload();
    else console.error(error);
  }, [stale, error]);
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
