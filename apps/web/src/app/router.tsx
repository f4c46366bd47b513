/**
 * Every route, each page its own chunk (React Router `lazy`): the first load carries the shell and
 * the page it lands on, nothing else. Portal at `/`, console at `/admin`, one app.
 */
import type { ComponentType } from 'react';
import { createBrowserRouter, Navigate, type RouteObject } from 'react-router';
import { AppLayout } from './layout.tsx';
import { RequireSession } from './require-session.tsx';
import { RouteFocus } from './route-focus.tsx';
import { NotFoundPage, RouteError } from './not-found.tsx';
import { Loading } from '../components/ui/states.tsx';

type Loader = () => Promise<Record<string, unknown>>;
/** `lazy` for a page module: the named export becomes the route's Component. */
function page(load: Loader, name: string): RouteObject['lazy'] {
  return async () => ({ Component: (await load())[name] as ComponentType });
}

const portalPages: RouteObject[] = [
  {
    index: true,
    lazy: page(() => import('../features/dashboard/routes/dashboard-page.tsx'), 'DashboardPage'),
  },
  { path: 'credit', lazy: page(() => import('../features/credit/routes/credit-page.tsx'), 'CreditPage') },
  {
    path: 'transactions',
    lazy: page(() => import('../features/transactions/routes/transactions-page.tsx'), 'TransactionsPage'),
  },
  { path: 'orders', lazy: page(() => import('../features/orders/routes/orders-page.tsx'), 'OrdersPage') },
  {
    path: 'orders/:orderNo',
    lazy: page(() => import('../features/orders/routes/order-page.tsx'), 'OrderPage'),
  },
  {
    path: 'batches/new',
    lazy: page(() => import('../features/orders/routes/new-batch-page.tsx'), 'NewBatchPage'),
  },
  {
    path: 'batches/:batchNo',
    lazy: page(() => import('../features/orders/routes/batch-page.tsx'), 'BatchPage'),
  },
  {
    path: 'products',
    lazy: page(() => import('../features/products/routes/products-page.tsx'), 'ProductsPage'),
  },
  {
    path: 'products/:goodsId',
    lazy: page(() => import('../features/products/routes/product-page.tsx'), 'ProductPage'),
  },
  {
    path: 'api-access',
    lazy: page(() => import('../features/api-access/routes/api-access-page.tsx'), 'ApiAccessPage'),
  },
  {
    path: 'api-docs',
    lazy: page(() => import('../features/api-docs/routes/api-docs-page.tsx'), 'ApiDocsPage'),
  },
  {
    path: 'webhooks',
    lazy: page(() => import('../features/webhooks/routes/webhooks-page.tsx'), 'WebhooksPage'),
  },
  { path: 'profile', lazy: page(() => import('../features/profile/routes/profile-page.tsx'), 'ProfilePage') },
  {
    path: 'security',
    lazy: page(() => import('../features/security/routes/security-page.tsx'), 'SecurityPage'),
  },
];

const adminPages: RouteObject[] = [
  { index: true, element: <Navigate to="/admin/overview" replace /> },
  {
    path: 'overview',
    lazy: page(() => import('../features/admin-overview/routes/overview-page.tsx'), 'OverviewPage'),
  },
  {
    path: 'merchants',
    lazy: page(() => import('../features/admin-merchants/routes/merchants-page.tsx'), 'MerchantsPage'),
  },
  {
    path: 'merchants/:merchantId',
    lazy: page(() => import('../features/admin-merchants/routes/merchant-page.tsx'), 'MerchantPage'),
  },
  {
    path: 'merchants/:merchantId/transactions',
    lazy: page(
      () => import('../features/admin-merchants/routes/merchant-transactions-page.tsx'),
      'MerchantTransactionsPage',
    ),
  },
  {
    path: 'orders',
    lazy: page(() => import('../features/admin-orders/routes/orders-queue-page.tsx'), 'OrdersQueuePage'),
  },
  {
    path: 'orders/:orderNo',
    lazy: page(() => import('../features/admin-orders/routes/order-page.tsx'), 'ConsoleOrderPage'),
  },
  {
    path: 'catalog',
    lazy: page(() => import('../features/admin-catalog/routes/catalog-page.tsx'), 'CatalogPage'),
  },
  { path: 'audit', lazy: page(() => import('../features/admin-audit/routes/audit-page.tsx'), 'AuditPage') },
  { path: 'team', lazy: page(() => import('../features/admin-operators/routes/team-page.tsx'), 'TeamPage') },
  {
    path: 'security',
    lazy: page(() => import('../features/security/routes/security-page.tsx'), 'ConsoleSecurityPage'),
  },
  {
    path: 'webhooks',
    lazy: page(
      () => import('../features/admin-webhooks/routes/failing-webhooks-page.tsx'),
      'FailingWebhooksPage',
    ),
  },
];

export const router = createBrowserRouter([
  {
    // Each page's title and, after a navigation, focus on its heading (route-focus.tsx).
    element: <RouteFocus />,
    errorElement: <RouteError />,
    // Shown while the first page's lazy chunk loads: without it React Router renders nothing and
    // warns on every page load ("No `HydrateFallback` element provided").
    hydrateFallbackElement: <Loading />,
    children: [
      {
        path: '/sign-in',
        lazy: page(() => import('../features/auth/routes/sign-in-page.tsx'), 'PortalSignInPage'),
      },
      {
        path: '/admin/sign-in',
        lazy: page(() => import('../features/auth/routes/sign-in-page.tsx'), 'AdminSignInPage'),
      },
      {
        path: '/admin',
        element: (
          <RequireSession area="admin">
            <AppLayout area="admin" />
          </RequireSession>
        ),
        children: [...adminPages, { path: '*', element: <NotFoundPage /> }],
      },
      {
        path: '/',
        element: (
          <RequireSession area="portal">
            <AppLayout area="portal" />
          </RequireSession>
        ),
        children: [...portalPages, { path: '*', element: <NotFoundPage /> }],
      },
    ],
  },
]);
