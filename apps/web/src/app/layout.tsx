import { useTranslation } from 'react-i18next';
import { NavLink, Outlet, useNavigate } from 'react-router';
import { Button } from '../components/ui/button.tsx';
import { LanguageSwitcher } from '../components/ui/language-switcher.tsx';
import { AREA_PATHS, useSession, useSignOut } from '../lib/auth.ts';
import type { Area } from '../lib/api-client.ts';

const NAV: Record<Area, ReadonlyArray<{ to: string; key: string; end?: boolean }>> = {
  portal: [
    { to: '/', key: 'nav.dashboard', end: true },
    { to: '/credit', key: 'nav.credit' },
    { to: '/transactions', key: 'nav.transactions' },
    { to: '/orders', key: 'nav.orders' },
    { to: '/products', key: 'nav.products' },
    { to: '/api-access', key: 'nav.apiAccess' },
    { to: '/api-docs', key: 'nav.apiDocs' },
    { to: '/webhooks', key: 'nav.webhooks' },
    { to: '/profile', key: 'nav.profile' },
    { to: '/security', key: 'nav.security' },
  ],
  admin: [
    { to: '/admin/merchants', key: 'nav.merchants' },
    { to: '/admin/orders', key: 'nav.orderQueue' },
    { to: '/admin/catalog', key: 'nav.catalog' },
    { to: '/admin/audit', key: 'nav.audit' },
    { to: '/admin/webhooks', key: 'nav.failingWebhooks' },
  ],
};

export function AppLayout({ area }: { area: Area }) {
  const { t } = useTranslation();
  const session = useSession(area);
  const signOut = useSignOut(area);
  const navigate = useNavigate();
  const who =
    session.data && 'user' in session.data
      ? session.data.user.email
      : session.data && 'operator' in session.data
        ? session.data.operator.email
        : '';

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('common.skipToContent')}
      </a>
      <header className="topbar">
        <span className="brand">
          Tradepost <span className="brand-area">{t(area === 'portal' ? 'nav.portal' : 'nav.console')}</span>
        </span>
        <div className="topbar-end">
          <LanguageSwitcher />
          <span className="who" title={who}>
            {who}
          </span>
          <Button
            variant="ghost"
            size="sm"
            isPending={signOut.isPending}
            onPress={() =>
              signOut.mutate(undefined, {
                onSettled: () => void navigate(AREA_PATHS[area].signIn, { replace: true }),
              })
            }
          >
            {t('auth.signOut')}
          </Button>
        </div>
      </header>
      <nav className="sidenav" aria-label={t('nav.label')}>
        <ul>
          {NAV[area].map((item) => (
            <li key={item.to}>
              <NavLink to={item.to} end={item.end ?? false}>
                {t(item.key)}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" className="content" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}
