import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet, useLocation, useNavigate } from 'react-router';
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
    { to: '/admin/overview', key: 'nav.overview' },
    { to: '/admin/merchants', key: 'nav.merchants' },
    { to: '/admin/orders', key: 'nav.orderQueue' },
    { to: '/admin/catalog', key: 'nav.catalog' },
    { to: '/admin/audit', key: 'nav.audit' },
    { to: '/admin/webhooks', key: 'nav.failingWebhooks' },
    { to: '/admin/team', key: 'nav.team' },
    { to: '/admin/security', key: 'nav.security' },
  ],
};

export function AppLayout({ area }: { area: Area }) {
  const { t } = useTranslation();
  const session = useSession(area);
  const signOut = useSignOut(area);
  const navigate = useNavigate();
  // Phones: the navigation, language and sign-out fold behind a Menu button (a disclosure), which
  // closes again on every navigation. On wider screens the button is not shown and all is open.
  const [menuOpen, setMenuOpen] = useState(false);
  const { pathname } = useLocation();
  useEffect(() => setMenuOpen(false), [pathname]);
  const who =
    session.data && 'user' in session.data
      ? session.data.user.email
      : session.data && 'operator' in session.data
        ? session.data.operator.email
        : '';

  return (
    <div
      className="shell"
      data-menu={menuOpen ? 'open' : 'closed'}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && menuOpen) {
          setMenuOpen(false);
          document.getElementById('menu-button')?.focus();
        }
      }}
    >
      <a className="skip-link" href="#main">
        {t('common.skipToContent')}
      </a>
      <header className="topbar">
        <span className="brand">
          Tradepost <span className="brand-area">{t(area === 'portal' ? 'nav.portal' : 'nav.console')}</span>
        </span>
        <Button
          id="menu-button"
          variant="secondary"
          size="sm"
          className="menu-button"
          aria-expanded={menuOpen}
          aria-controls="main-nav"
          onPress={() => setMenuOpen((o) => !o)}
        >
          <span aria-hidden="true" className="menu-icon">
            {menuOpen ? '✕' : '☰'}
          </span>
          {t('nav.menu')}
        </Button>
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
      <nav className="sidenav" id="main-nav" aria-label={t('nav.label')}>
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
