import type { Transaction } from 'kysely';
import type { Database } from '../../db/database.ts';
import { parseMoney } from '../../shared/money.ts';
import * as creditRepo from '../credit/credit.repository.ts';
import type {
  MutationOptions,
  OperatorOrder,
  Order,
  OrdersService,
  TransitionOutcome,
} from '../orders/orders.service.ts';
import type { WebhookOutbox } from './webhooks.outbox.ts';

/**
 * The orders service with its webhook events written in the same writer unit as each change
 * (through the lifecycle's `inUnit` hook), whatever door calls it: `order.created` (and each
 * batch item's), `batch_order.completed`, `order.<status>` for every transition that changed
 * something, `credit.updated` for a refund, and `credit.low` when an order's debit crossed the
 * threshold. The caller's own `inUnit` (audit) still runs, after these.
 */
export function withOrderEvents(
  orders: OrdersService,
  outbox: WebhookOutbox,
  /** PostgreSQL: an order's event can be written by the order's own statement. */
  { oneStatement = false }: { oneStatement?: boolean } = {},
): OrdersService {
  const chain = <R>(
    mine: (trx: Transaction<Database>, r: R) => Promise<void>,
    opts?: MutationOptions<R>,
  ): MutationOptions<R> => ({
    ...opts,
    inUnit: async (trx, r) => {
      await mine(trx, r);
      await opts?.inUnit?.(trx, r);
    },
  });

  /** `credit.low` after debits of `spent` minor units, read only when someone listens for it. */
  async function debited(trx: Transaction<Database>, merchantId: string, spent: number): Promise<void> {
    if (spent <= 0 || !(await outbox.watchesLow(trx, merchantId))) return;
    const account = await creditRepo.findAccount(trx, merchantId);
    if (account)
      await outbox.creditChanged(trx, account, account.credit_limit - account.used + spent, {
        updated: false,
      });
  }

  async function transitioned(
    trx: Transaction<Database>,
    outcomes: readonly TransitionOutcome[],
  ): Promise<void> {
    for (const o of outcomes) {
      if (!o.changed) continue;
      const { merchant_id: merchantId, ...order } = o.order as OperatorOrder;
      await outbox.emit(
        trx,
        merchantId,
        `order.${order.status}` as `order.${Exclude<Order['status'], 'pending'>}`,
        order,
      );
      if (o.refund) {
        const account = await creditRepo.findAccount(trx, merchantId);
        const before = parseMoney(o.refund.balance_before);
        if (account && before !== null) await outbox.creditChanged(trx, account, before, { updated: true });
      }
    }
  }

  return {
    ...orders,
    async create(merchantId, input, opts) {
      // Nobody listens (as cached, the answer emit itself would use): no outbox work in the unit.
      if (outbox.silentFor(merchantId, 'order.created')) return orders.create(merchantId, input, opts);
      // PostgreSQL, the listeners cached and no credit.low watched: the event and its deliveries
      // are written by the order's own statement (still one round trip, committing by itself).
      const event = oneStatement ? outbox.statementEvent(merchantId, 'order.created') : null;
      if (event) {
        let order;
        try {
          order = await orders.create(merchantId, input, { ...opts, statementEvent: event.build });
        } catch (err) {
          event.failed(); // refused or failed: nothing written, the room it had is given back
          throw err;
        }
        event.committed();
        return order;
      }
      return orders.create(
        merchantId,
        input,
        chain(async (trx, order) => {
          await outbox.emit(trx, merchantId, 'order.created', order);
          await debited(trx, merchantId, parseMoney(order.amount) ?? 0);
        }, opts),
      );
    },
    createBatch: (merchantId, input, opts) =>
      orders.createBatch(
        merchantId,
        input,
        chain(async (trx, batch) => {
          let spent = 0;
          for (const item of batch.items) {
            if (!item.order) continue;
            await outbox.emit(trx, merchantId, 'order.created', item.order);
            spent += parseMoney(item.order.amount) ?? 0;
          }
          // Every recorded batch is done processing, whatever its items came to (status says how).
          await outbox.emit(trx, merchantId, 'batch_order.completed', batch);
          await debited(trx, merchantId, spent);
        }, opts),
      ),
    cancel: (merchantId, orderNo, input, opts) =>
      orders.cancel(
        merchantId,
        orderNo,
        input,
        chain((trx, o) => transitioned(trx, [o]), opts),
      ),
    transition: (orderNo, to, input, opts) =>
      orders.transition(
        orderNo,
        to,
        input,
        chain((trx, o) => transitioned(trx, [o]), opts),
      ),
    transitionMany: (orderNos, to, input, opts) =>
      orders.transitionMany(orderNos, to, input, chain(transitioned, opts)),
    shipMany: (rows, opts) => orders.shipMany(rows, chain(transitioned, opts)),
  };
}
