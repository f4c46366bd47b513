import type { Kysely } from 'kysely';
import type { Database, DialectName } from './db/database.ts';
import type { Writer } from './db/writer.ts';
import { type AppsService, createAppsService } from './modules/apps/apps.service.ts';
import { type CatalogService, createCatalogService } from './modules/catalog/catalog.service.ts';
import { type CreditService, createCreditService } from './modules/credit/credit.service.ts';
import { createMerchantsService, type MerchantsService } from './modules/merchants/merchants.service.ts';
import { createNonceStore, type DbNonceStore } from './modules/nonces/nonces.service.ts';
import { createOrdersService, type OrdersService } from './modules/orders/orders.service.ts';
import { createSecretBox } from './shared/secret-box.ts';

export type { AppCredentials, AppSummary, AuthApp } from './modules/apps/apps.service.ts';
export type { Product, ProductInput, Sku } from './modules/catalog/catalog.service.ts';
export type { Credit, CreditAdjustment, CreditTransaction } from './modules/credit/credit.service.ts';
export type { MerchantLogin, NewMerchant } from './modules/merchants/merchants.service.ts';
export type { NonceStore } from './modules/nonces/nonces.service.ts';
export type { BatchOrder, BatchOrderItem, Order, ShippingAddress } from './modules/orders/orders.service.ts';
export type { Page } from './shared/validation.ts';

/** Every business rule, for every door (docs/architecture.md "Services"). */
export interface Services {
  catalog: CatalogService;
  orders: OrdersService;
  credit: CreditService;
  merchants: MerchantsService;
  apps: AppsService;
  nonces: DbNonceStore;
  /** Stops background work (the nonce purge). The database itself is closed by its owner. */
  close(): void;
}

export interface ServicesDeps {
  db: Kysely<Database>;
  writer: Writer;
  /** 32 bytes; seals App keys at rest. */
  masterKey: Buffer;
  dialect: DialectName;
  /** Credential cache lifetime (default 5 s): bounds how stale another process's rotation can be. */
  appsCacheTtlMs?: number;
}

export function createServices(deps: ServicesDeps): Services {
  const { db, writer } = deps;
  const apps = createAppsService({
    db,
    writer,
    box: createSecretBox(deps.masterKey),
    cacheTtlMs: deps.appsCacheTtlMs,
  });
  const nonces = createNonceStore({ writer });
  return {
    catalog: createCatalogService({ db, writer }),
    orders: createOrdersService({ db, writer }),
    credit: createCreditService({ db, writer }),
    merchants: createMerchantsService({ db, writer, onStatusChange: (id) => apps.invalidateMerchant(id) }),
    apps,
    nonces,
    close: () => nonces.stop(),
  };
}
