import { type Kysely, PostgresAdapter } from 'kysely';
import type { ApiKeysTable } from '../modules/api-keys/api-keys.table.ts';
import type { AppsTable } from '../modules/apps/apps.table.ts';
import type { ProductsTable, SkusTable } from '../modules/catalog/catalog.table.ts';
import type {
  CreditAccountsTable,
  CreditEntryRequestsTable,
  CreditTransactionsTable,
} from '../modules/credit/credit.table.ts';
import type { MerchantsTable, MerchantUsersTable } from '../modules/merchants/merchants.table.ts';
import type { NoncesTable } from '../modules/nonces/nonces.table.ts';
import type { ApiTokensTable } from '../modules/tokens/tokens.table.ts';
import type {
  WebhookAttemptsTable,
  WebhookDeliveriesTable,
  WebhookEndpointsTable,
  WebhookEventsTable,
  WebhookSettingsTable,
} from '../modules/webhooks/webhooks.table.ts';
import type { AuditLogTable } from '../modules/audit/audit.table.ts';
import type { OperatorsTable } from '../modules/operators/operators.table.ts';
import type { WebSessionsTable } from '../modules/sessions/sessions.table.ts';
import type { TwoFactorRecoveryCodesTable, TwoFactorTable } from '../modules/two-factor/two-factor.table.ts';
import type { BatchOrderItemsTable, BatchOrdersTable, OrdersTable } from '../modules/orders/orders.table.ts';

/** Every table, assembled from the modules' `<name>.table.ts` files. */
export interface Database {
  merchants: MerchantsTable;
  merchant_users: MerchantUsersTable;
  apps: AppsTable;
  products: ProductsTable;
  skus: SkusTable;
  orders: OrdersTable;
  batch_orders: BatchOrdersTable;
  batch_order_items: BatchOrderItemsTable;
  credit_accounts: CreditAccountsTable;
  credit_transactions: CreditTransactionsTable;
  credit_entry_requests: CreditEntryRequestsTable;
  nonces: NoncesTable;
  api_keys: ApiKeysTable;
  api_tokens: ApiTokensTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_settings: WebhookSettingsTable;
  webhook_events: WebhookEventsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
  operators: OperatorsTable;
  web_sessions: WebSessionsTable;
  audit_log: AuditLogTable;
  two_factor: TwoFactorTable;
  two_factor_recovery_codes: TwoFactorRecoveryCodesTable;
}

export type DialectName = 'sqlite' | 'postgres';

/** Whether a connection or transaction runs on PostgreSQL (row locks such as FOR SHARE exist there only). */
export const onPostgres = (db: Kysely<Database>): boolean =>
  db.getExecutor().adapter instanceof PostgresAdapter;
