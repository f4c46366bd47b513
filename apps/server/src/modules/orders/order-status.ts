import type { OrderStatus } from '@tradepost/protocol';
import { ORDER_STATUSES, ORDER_TRANSITIONS } from '@tradepost/web-contract';

/**
 * The order state machine (bend-v1.md "Extensions v1.1: order lifecycle"). Its statuses and edges
 * are written once, in the web contract (the console offers the same moves); every door, the CLI
 * and the console move orders through `orders.transition` / `orders.cancel`, which consult only
 * this module.
 */
export type { OrderStatus } from '@tradepost/protocol';
export { ORDER_STATUSES, ORDER_TRANSITIONS };

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
