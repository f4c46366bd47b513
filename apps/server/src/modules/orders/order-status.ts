import type { OrderStatus } from '@tradepost/protocol';

/**
 * The order state machine (bend-v1.md "Extensions v1.1: order lifecycle"), the one place its
 * states and edges are written down. Every door, the CLI and the console move orders through
 * `orders.transition` / `orders.cancel`, which consult only this table.
 *
 * ```
 * pending ──► processing ──► shipped ──► delivered
 *    │             │
 *    ├─────────────┴──► cancelled
 *    └─────────────┴──► failed
 * ```
 */
export type { OrderStatus } from '@tradepost/protocol';

export const ORDER_STATUSES = [
  'pending',
  'processing',
  'shipped',
  'delivered',
  'cancelled',
  'failed',
] as const satisfies readonly OrderStatus[];

// Compile-time proof that the list names every status of the protocol's union, no more.
type Missing = Exclude<OrderStatus, (typeof ORDER_STATUSES)[number]>;
const everyStatusListed: Missing extends never ? true : never = true;
void everyStatusListed;

/** Where an order in each status may go next. */
export const ORDER_TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = Object.freeze({
  pending: ['processing', 'cancelled', 'failed'],
  processing: ['shipped', 'cancelled', 'failed'],
  shipped: ['delivered'],
  delivered: [],
  cancelled: [],
  failed: [],
});

/** Statuses whose entry refunds the order (one `refund` ledger entry, stock returned). */
export const REFUNDING_STATUSES: ReadonlySet<OrderStatus> = new Set<OrderStatus>(['cancelled', 'failed']);

export function isOrderStatus(value: unknown): value is OrderStatus {
  return typeof value === 'string' && (ORDER_STATUSES as readonly string[]).includes(value);
}

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return ORDER_TRANSITIONS[from].includes(to);
}

/** The statuses an order may be in to move to `to`: the guard of the transition's UPDATE. */
export function sourcesOf(to: OrderStatus): OrderStatus[] {
  return ORDER_STATUSES.filter((from) => canTransition(from, to));
}
