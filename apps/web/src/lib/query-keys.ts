/**
 * The roots of every query key. Each feature builds its own key factory under one of these; a
 * mutation that changes money or orders (placing an order, a repayment) invalidates the roots it
 * touches without importing another feature.
 */
export const rootKeys = {
  credit: ['credit'] as const,
  orders: ['orders'] as const,
  products: ['products'] as const,
  credentials: ['credentials'] as const,
  profile: ['profile'] as const,
  security: ['security'] as const,
  admin: ['admin'] as const,
  webhooks: ['webhooks'] as const,
} as const;

/** Everything that shows the credit line or the ledger (dashboard, credit, transactions). */
export const moneyRoots = [rootKeys.credit, rootKeys.orders] as const;

/** What placing or cancelling an order changes: the money views, and the SKU's stock. */
export const orderEffects = [...moneyRoots, rootKeys.products] as const;
