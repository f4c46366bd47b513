import type { z } from 'zod';
import * as admin from './admin.ts';
import type { AuditEvent } from './audit.ts';
import { auditQuery } from './audit.ts';
import type { BatchOrder, Order, Product, Sku, CreditTransaction } from '@tradepost/protocol';
import * as portal from './portal.ts';
import type { Profile } from './profile.ts';
import { bankAccountBody, profileBody } from './profile.ts';
import type {
  AdminSession,
  PortalSession,
  TwoFactorConfirmed,
  TwoFactorSetup,
  TwoFactorStatus,
  SignedInSession,
} from './session.ts';
import { changePasswordBody, confirmTwoFactorBody, disableTwoFactorBody, signInBody } from './session.ts';
import { type ListPage, pageQuery } from './common.ts';
import * as hooks from './webhooks.ts';

/**
 * Every endpoint of both APIs: method, path (relative to its prefix, `:name` for a path
 * parameter), the zod schema of its body or query, and its response type. The server registers
 * its routes from these objects and the web app calls through them, so neither can drift.
 *
 * @example
 * ```ts
 * const url = PORTAL_API_PREFIX + pathOf(portalApi.orderDetail, { orderNo: 'ORD1' });
 * type Answer = ResponseOf<typeof portalApi.orderDetail>; // OrderDetail
 * ```
 */
export const PORTAL_API_PREFIX = '/portal/api';
export const ADMIN_API_PREFIX = '/admin/api';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface Endpoint<Res = unknown> {
  readonly method: HttpMethod;
  readonly path: string;
  readonly body?: z.ZodType;
  readonly query?: z.ZodType;
  /** Phantom: carries the response type only. 204 endpoints say `void`. */
  readonly response?: Res;
  /** The answer is a file download (CSV), not JSON. */
  readonly download?: true;
}

const ep =
  <Res>() =>
  <const E extends Omit<Endpoint, 'response'>>(e: E): E & { readonly response?: Res } =>
    e;

export type ResponseOf<E> = E extends { readonly response?: infer R } ? R : never;
export type BodyOf<E> = E extends { readonly body: infer S extends z.ZodType } ? z.input<S> : undefined;
export type QueryOf<E> = E extends { readonly query: infer S extends z.ZodType } ? z.input<S> : undefined;

/** Fills `:name` parameters (URI-encoded). */
export function pathOf(e: { path: string }, params: Record<string, string> = {}): string {
  return e.path.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const v = params[name];
    if (v === undefined) throw new Error(`missing path parameter ${name}`);
    return encodeURIComponent(v);
  });
}

/**
 * Signing in and out, the password and two-step sign-in: the same endpoints on both doors, answering `S`.
 * `GET /session` ("who am I") answers `null` (200) to a visitor without a live session: nobody is
 * an answer, not an error. Every other endpoint answers such a visitor 401 `unauthenticated`.
 */
const sessionEndpoints = <S>() =>
  ({
    signIn: ep<S>()({ method: 'POST', path: '/session', body: signInBody }),
    session: ep<S | null>()({ method: 'GET', path: '/session' }),
    signOut: ep<void>()({ method: 'DELETE', path: '/session' }),
    signOutEverywhere: ep<void>()({ method: 'POST', path: '/session/sign-out-everywhere' }),
    // The login's live sessions, newest first, and signing one of the others out.
    sessions: ep<{ items: SignedInSession[] }>()({ method: 'GET', path: '/sessions' }),
    endSession: ep<void>()({ method: 'DELETE', path: '/sessions/:sessionId' }),
    changePassword: ep<void>()({ method: 'POST', path: '/password', body: changePasswordBody }),
    // Two-step sign-in of the signed-in login: whether it is on, a new secret (shown once), turning
    // it on with a current code (the recovery codes, shown once), turning it off.
    twoFactor: ep<TwoFactorStatus>()({ method: 'GET', path: '/two-factor' }),
    twoFactorSetup: ep<TwoFactorSetup>()({ method: 'POST', path: '/two-factor/setup' }),
    twoFactorConfirm: ep<TwoFactorConfirmed>()({
      method: 'POST',
      path: '/two-factor/confirm',
      body: confirmTwoFactorBody,
    }),
    twoFactorDisable: ep<void>()({ method: 'POST', path: '/two-factor/disable', body: disableTwoFactorBody }),
  }) as const;
export type SessionEndpoints<S> = ReturnType<typeof sessionEndpoints<S>>;

export const portalApi = {
  ...sessionEndpoints<PortalSession>(),
  securityEvents: ep<ListPage<AuditEvent>>()({ method: 'GET', path: '/security/events', query: pageQuery }),
  // Overview
  dashboard: ep<portal.Dashboard>()({ method: 'GET', path: '/dashboard' }),
  credit: ep<portal.CreditOverview>()({ method: 'GET', path: '/credit' }),
  transactions: ep<portal.TransactionsPage>()({
    method: 'GET',
    path: '/transactions',
    query: portal.transactionsQuery,
  }),
  transactionsCsv: ep<string>()({
    method: 'GET',
    path: '/transactions.csv',
    query: portal.transactionsExportQuery,
    download: true,
  }),
  // Orders
  orders: ep<portal.OrdersPage>()({ method: 'GET', path: '/orders', query: portal.ordersQuery }),
  ordersCsv: ep<string>()({
    method: 'GET',
    path: '/orders.csv',
    query: portal.ordersExportQuery,
    download: true,
  }),
  orderDetail: ep<portal.OrderDetail>()({ method: 'GET', path: '/orders/:orderNo' }),
  placeOrder: ep<Order>()({ method: 'POST', path: '/orders', body: portal.placeOrderBody }),
  cancelOrder: ep<Order>()({ method: 'POST', path: '/orders/:orderNo/cancel', body: portal.cancelOrderBody }),
  batchDetail: ep<BatchOrder>()({ method: 'GET', path: '/batches/:batchNo' }),
  placeBatch: ep<BatchOrder>()({ method: 'POST', path: '/batches', body: portal.placeBatchBody }),
  // Products
  products: ep<portal.ProductsPage>()({ method: 'GET', path: '/products', query: portal.productsQuery }),
  categories: ep<portal.Categories>()({ method: 'GET', path: '/categories' }),
  product: ep<Product>()({ method: 'GET', path: '/products/:goodsId' }),
  // API access
  apps: ep<portal.ListOf<portal.AppView>>()({ method: 'GET', path: '/apps' }),
  createApp: ep<portal.AppKeys>()({ method: 'POST', path: '/apps', body: portal.createAppBody }),
  rotateApp: ep<portal.AppKeys>()({ method: 'POST', path: '/apps/:appId/rotate' }),
  setAppStatus: ep<portal.AppView>()({
    method: 'POST',
    path: '/apps/:appId/status',
    body: portal.appStatusBody,
  }),
  apiKey: ep<portal.ApiKeyState>()({ method: 'GET', path: '/api-key' }),
  generateApiKey: ep<portal.NewApiKey>()({
    method: 'POST',
    path: '/api-key',
    body: portal.generateApiKeyBody,
  }),
  tokens: ep<portal.ListOf<portal.TokenView>>()({ method: 'GET', path: '/tokens' }),
  createToken: ep<portal.NewToken>()({ method: 'POST', path: '/tokens', body: portal.createTokenBody }),
  revokeToken: ep<portal.TokenView>()({ method: 'POST', path: '/tokens/:token/revoke' }),
  credentials: ep<portal.YourCredentials>()({ method: 'GET', path: '/credentials' }),
  // Profile
  profile: ep<Profile>()({ method: 'GET', path: '/profile' }),
  updateProfile: ep<Profile>()({ method: 'PUT', path: '/profile', body: profileBody }),
  updateBankAccount: ep<Profile>()({ method: 'PUT', path: '/profile/bank-account', body: bankAccountBody }),
  // Webhooks
  webhookEndpoints: ep<portal.ListOf<hooks.WebhookEndpoint>>()({
    method: 'GET',
    path: '/webhooks/endpoints',
  }),
  createWebhookEndpoint: ep<hooks.WebhookEndpointWithSecret>()({
    method: 'POST',
    path: '/webhooks/endpoints',
    body: hooks.createWebhookBody,
  }),
  updateWebhookEndpoint: ep<hooks.WebhookEndpoint>()({
    method: 'PATCH',
    path: '/webhooks/endpoints/:endpointId',
    body: hooks.updateWebhookBody,
  }),
  rollWebhookSecret: ep<hooks.WebhookEndpointWithSecret>()({
    method: 'POST',
    path: '/webhooks/endpoints/:endpointId/roll-secret',
    body: hooks.rollWebhookSecretBody,
  }),
  /** Soft: its deliveries stay in the log; nothing is sent to it again. 204. */
  deleteWebhookEndpoint: ep<void>()({
    method: 'DELETE',
    path: '/webhooks/endpoints/:endpointId',
  }),
  testWebhookEndpoint: ep<{ event_id: string }>()({
    method: 'POST',
    path: '/webhooks/endpoints/:endpointId/test',
  }),
  sendMissedWebhookEvents: ep<hooks.SentMissedEvents>()({
    method: 'POST',
    path: '/webhooks/endpoints/:endpointId/send-missed',
  }),
  webhookSettings: ep<hooks.WebhookSettings>()({ method: 'GET', path: '/webhooks/settings' }),
  updateWebhookSettings: ep<hooks.WebhookSettings>()({
    method: 'PUT',
    path: '/webhooks/settings',
    body: hooks.webhookSettingsBody,
  }),
  webhookEvents: ep<ListPage<hooks.WebhookEventSummary>>()({
    method: 'GET',
    path: '/webhooks/events',
    query: hooks.webhookEventsQuery,
  }),
  webhookEvent: ep<hooks.WebhookEventDetail>()({ method: 'GET', path: '/webhooks/events/:eventId' }),
  resendWebhookEvent: ep<hooks.ResentWebhookEvent>()({
    method: 'POST',
    path: '/webhooks/events/:eventId/resend',
    body: hooks.resendWebhookBody,
  }),
} as const;

export const adminApi = {
  ...sessionEndpoints<AdminSession>(),
  overview: ep<admin.AdminOverview>()({ method: 'GET', path: '/overview' }),
  // Merchants
  merchants: ep<admin.MerchantsPage>()({ method: 'GET', path: '/merchants', query: admin.merchantsQuery }),
  createMerchant: ep<admin.CreatedMerchant>()({
    method: 'POST',
    path: '/merchants',
    body: admin.createMerchantBody,
  }),
  merchant: ep<admin.MerchantDetail>()({ method: 'GET', path: '/merchants/:merchantId' }),
  setMerchantStatus: ep<admin.MerchantDetail>()({
    method: 'POST',
    path: '/merchants/:merchantId/status',
    body: admin.merchantStatusBody,
  }),
  setCreditStatus: ep<admin.MerchantDetail>()({
    method: 'POST',
    path: '/merchants/:merchantId/credit/status',
    body: admin.creditStatusBody,
  }),
  creditEntry: ep<CreditTransaction>()({
    method: 'POST',
    path: '/merchants/:merchantId/credit/entries',
    body: admin.creditEntryBody,
  }),
  resetPassword: ep<admin.PasswordReset>()({ method: 'POST', path: '/merchants/:merchantId/password-reset' }),
  resetTwoFactor: ep<admin.MerchantDetail>()({
    method: 'POST',
    path: '/merchants/:merchantId/two-factor-reset',
    body: admin.twoFactorResetBody,
  }),
  updateMerchantProfile: ep<admin.MerchantDetail>()({
    method: 'PUT',
    path: '/merchants/:merchantId/profile',
    body: profileBody,
  }),
  updateMerchantBankAccount: ep<admin.MerchantDetail>()({
    method: 'PUT',
    path: '/merchants/:merchantId/bank-account',
    body: bankAccountBody,
  }),
  changeMerchantEmail: ep<admin.MerchantDetail>()({
    method: 'PUT',
    path: '/merchants/:merchantId/email',
    body: admin.merchantEmailBody,
  }),
  merchantTransactions: ep<portal.TransactionsPage>()({
    method: 'GET',
    path: '/merchants/:merchantId/transactions',
    query: portal.transactionsQuery,
  }),
  merchantTransactionsCsv: ep<string>()({
    method: 'GET',
    path: '/merchants/:merchantId/transactions.csv',
    query: portal.transactionsExportQuery,
    download: true,
  }),
  // Orders
  orders: ep<admin.AdminOrdersPage>()({ method: 'GET', path: '/orders', query: admin.adminOrdersQuery }),
  ordersCsv: ep<string>()({
    method: 'GET',
    path: '/orders.csv',
    query: admin.adminOrdersExportQuery,
    download: true,
  }),
  order: ep<admin.AdminOrderDetail>()({
    method: 'GET',
    path: '/orders/:orderNo',
  }),
  transition: ep<Order>()({
    method: 'POST',
    path: '/orders/:orderNo/transition',
    body: admin.transitionBody,
  }),
  bulkTransition: ep<admin.BulkTransitionResult>()({
    method: 'POST',
    path: '/orders/bulk-transition',
    body: admin.bulkTransitionBody,
  }),
  shipCsv: ep<admin.ShipCsvResult>()({ method: 'POST', path: '/orders/ship-csv', body: admin.shipCsvBody }),
  // Catalog
  products: ep<admin.AdminProductsPage>()({
    method: 'GET',
    path: '/catalog/products',
    query: admin.adminProductsQuery,
  }),
  categories: ep<portal.Categories>()({ method: 'GET', path: '/catalog/categories' }),
  catalogImport: ep<admin.CatalogImportResult>()({
    method: 'POST',
    path: '/catalog/import',
    body: admin.catalogImportBody,
  }),
  setProductStatus: ep<Product>()({
    method: 'POST',
    path: '/catalog/products/:goodsId/status',
    body: admin.productStatusBody,
  }),
  updateSku: ep<Sku>()({ method: 'PATCH', path: '/catalog/skus/:skuId', body: admin.skuUpdateBody }),
  // Operators (the team)
  operators: ep<portal.ListOf<admin.TeamMemberView>>()({ method: 'GET', path: '/operators' }),
  createOperator: ep<admin.CreatedOperator>()({
    method: 'POST',
    path: '/operators',
    body: admin.createOperatorBody,
  }),
  setOperatorRole: ep<admin.OperatorView>()({
    method: 'POST',
    path: '/operators/:operatorId/role',
    body: admin.operatorRoleBody,
  }),
  setOperatorStatus: ep<admin.OperatorView>()({
    method: 'POST',
    path: '/operators/:operatorId/status',
    body: admin.operatorStatusBody,
  }),
  resetOperatorPassword: ep<admin.PasswordReset>()({
    method: 'POST',
    path: '/operators/:operatorId/password-reset',
  }),
  /** Admin only, another operator's (a lost phone): their sessions end; 409 when it is not on. */
  resetOperatorTwoFactor: ep<admin.OperatorView>()({
    method: 'POST',
    path: '/operators/:operatorId/two-factor-reset',
    body: admin.twoFactorResetBody,
  }),
  // Audit
  audit: ep<ListPage<AuditEvent>>()({ method: 'GET', path: '/audit', query: auditQuery }),
  // Webhooks
  failingWebhooks: ep<portal.ListOf<hooks.FailingWebhookEndpoint>>()({
    method: 'GET',
    path: '/webhooks/failing',
  }),
  /** Admin only: any merchant's endpoint, disabled (reason `operator`) or enabled again, with a note. */
  setWebhookEndpointStatus: ep<hooks.WebhookEndpoint>()({
    method: 'POST',
    path: '/webhooks/endpoints/:endpointId/status',
    body: hooks.webhookEndpointStatusBody,
  }),
  /** Admin only: queues an endpoint's failed deliveries of the last 30 days again (paused while it is disabled). */
  resendFailedWebhookDeliveries: ep<hooks.ResentFailedDeliveries>()({
    method: 'POST',
    path: '/webhooks/endpoints/:endpointId/resend-failed',
  }),
} as const;
