import type { Migration, MigrationProvider } from 'kysely';
import * as initial from './2026-11-23-001-initial.ts';
import * as accessCredentials from './2026-11-23-002-access-credentials.ts';
import * as webhooksTables from './2026-11-28-webhooks-tables.ts';
import * as lifecycleOrders from './2026-11-28-lifecycle-orders.ts';
import * as webapiSessions from './2026-11-28-webapi-sessions-operators-audit.ts';
import * as perfListingIndexes from './2026-11-28-perf-listing-indexes.ts';
import * as opsWebhookClaims from './2026-11-29-ops-webhook-claims.ts';
import * as scaleRateLimits from './2026-11-29-scale-rate-limits.ts';
import * as ordersPgPlace from './2026-11-29-orders-pg-place.ts';
import * as ordersPgPlaceEvents from './2026-11-29-orders-pg-place-events.ts';
import * as scaleRateTake from './2026-11-29-scale-rate-take.ts';
import * as ordersPgPlaceGroup from './2026-11-29-orders-pg-place-group.ts';
import * as webhooksDeliveriesNarrow from './2026-11-29-webhooks-deliveries-narrow.ts';
import * as webhooksDeliveriesWrittenClaimed from './2026-11-29-webhooks-deliveries-written-claimed.ts';
import * as auditLogTarget from './2026-11-30-audit-log-target.ts';
import * as catalogZeroPriceOffSale from './2026-11-30-catalog-zero-price-off-sale.ts';
import * as ordersPgPlaceAmountCap from './2026-11-30-orders-pg-place-amount-cap.ts';
import * as auditLogCredential from './2026-11-30-audit-log-credential.ts';
import * as ledgerNotOrdersIndex from './2026-11-30-ledger-not-orders-index.ts';
import * as ordersCreatedIndex from './2026-12-01-orders-created-index.ts';
import * as webhookEventsAbout from './2026-12-01-webhook-events-about.ts';
import * as creditEntryRequests from './2026-12-01-credit-entry-requests.ts';
import * as textWellFormed from './2026-12-01-text-well-formed.ts';
import * as webhookEndpointsDeleted from './2026-12-02-webhook-endpoints-deleted.ts';
import * as productsStatusListing from './2026-12-02-products-status-listing.ts';
import * as webhooksDeliveriesFailed from './2026-12-02-webhooks-deliveries-failed.ts';
import * as ordersMerchantCreatedNo from './2026-12-02-orders-merchant-created-no.ts';
import * as twoFactor from './2026-12-02-two-factor.ts';
import * as auditLogEmailHmac from './2026-12-03-audit-log-email-hmac.ts';

/**
 * Static provider: migrations are imported, not discovered on disk, so they work the same
 * under tsx, Vitest and a bundle. Keys sort by date prefix; append new ones at the end.
 */
const migrations: Record<string, Migration> = {
  '2026-11-23-001-initial': initial,
  '2026-11-23-002-access-credentials': accessCredentials,
  '2026-11-28-webhooks-tables': webhooksTables,
  '2026-11-28-lifecycle-orders': lifecycleOrders,
  '2026-11-28-webapi-sessions-operators-audit': webapiSessions,
  '2026-11-28-perf-listing-indexes': perfListingIndexes,
  '2026-11-29-ops-webhook-claims': opsWebhookClaims,
  '2026-11-29-scale-rate-limits': scaleRateLimits,
  '2026-11-29-orders-pg-place': ordersPgPlace,
  '2026-11-29-orders-pg-place-events': ordersPgPlaceEvents,
  '2026-11-29-webhooks-deliveries-narrow': webhooksDeliveriesNarrow,
  '2026-11-29-webhooks-deliveries-written-claimed': webhooksDeliveriesWrittenClaimed,
  '2026-11-29-scale-rate-take': scaleRateTake,
  '2026-11-29-orders-pg-place-group': ordersPgPlaceGroup,
  '2026-11-30-audit-log-target': auditLogTarget,
  '2026-11-30-catalog-zero-price-off-sale': catalogZeroPriceOffSale,
  '2026-11-30-orders-pg-place-amount-cap': ordersPgPlaceAmountCap,
  '2026-11-30-audit-log-credential': auditLogCredential,
  '2026-11-30-ledger-not-orders-index': ledgerNotOrdersIndex,
  '2026-12-01-orders-created-index': ordersCreatedIndex,
  '2026-12-01-webhook-events-about': webhookEventsAbout,
  '2026-12-01-credit-entry-requests': creditEntryRequests,
  // Sorts before webhook-events-about, so a database that has not run that one runs this first.
  '2026-12-01-text-well-formed': textWellFormed,
  '2026-12-02-webhook-endpoints-deleted': webhookEndpointsDeleted,
  '2026-12-02-products-status-listing': productsStatusListing,
  '2026-12-02-webhooks-deliveries-failed': webhooksDeliveriesFailed,
  '2026-12-02-orders-merchant-created-no': ordersMerchantCreatedNo,
  '2026-12-02-two-factor': twoFactor,
  '2026-12-03-audit-log-email-hmac': auditLogEmailHmac,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
