import { userInfo } from 'node:os';
import { type Command, InvalidArgumentError } from 'commander';
import { SYSTEM_ACTOR } from '../../modules/audit/audit.service.ts';
import type { Order } from '../../modules/orders/orders.dto.ts';
import type { OrderStatus } from '../../modules/orders/order-status.ts';
import type { Actor } from '../../shared/actor.ts';
import { isAppError } from '../../shared/app-error.ts';
import { parseNonEmpty } from '../args.ts';
import { withContext } from '../context.ts';
import { CliError } from '../errors.ts';
import type { CommandEnv } from '../program.ts';

/** What `order set-status` may set; shipping needs its own verb (carrier and tracking number). */
export const SETTABLE_STATUSES = ['processing', 'delivered', 'failed'] as const;
type SettableStatus = (typeof SETTABLE_STATUSES)[number];

function parseSettableStatus(value: string): SettableStatus {
  const status = value.trim() as SettableStatus;
  if (!SETTABLE_STATUSES.includes(status))
    throw new InvalidArgumentError(
      `must be one of ${SETTABLE_STATUSES.join(', ')} (to ship, use order ship)`,
    );
  return status;
}

/**
 * The operator at the keyboard, as the orders service's `actor` (the CLI acts with the database's
 * own rights). The audit log names the CLI as `SYSTEM_ACTOR` (actor_type system, label `cli`).
 */
function cliActor(): Actor {
  let id = 'unknown';
  try {
    id = userInfo().username;
  } catch {
    // No passwd entry (some containers): the audit still says it came from the CLI.
  }
  return { kind: 'cli', id };
}

interface Target {
  orderNo: string;
  reason?: string;
}

/**
 * Moves one order through the orders service's one `transition` (the state machine's guard, the
 * refund and the move's audit entry, in one unit, live there) and prints it. 3003 and 2003 get their own CLI codes so scripts can
 * branch: not_found, conflict.
 */
async function transition(
  env: CommandEnv,
  cmd: Command,
  to: OrderStatus,
  input: { orderNo: string; carrier?: string; trackingNo?: string; reason?: string | undefined },
): Promise<void> {
  const out = env.output(cmd);
  let order: Order;
  try {
    order = await withContext(env.io, (ctx) =>
      ctx.services.orders.transition(
        input.orderNo,
        to,
        {
          carrier: input.carrier ?? null,
          tracking_no: input.trackingNo ?? null,
          reason: input.reason ?? null,
        },
        { actor: cliActor(), auditActor: SYSTEM_ACTOR },
      ),
    );
  } catch (e) {
    if (isAppError(e) && e.code === 3003) throw new CliError('not_found', `no order ${input.orderNo}`);
    if (isAppError(e) && e.code === 2003) throw new CliError('conflict', e.message);
    throw e;
  }
  const tail = order.status === 'shipped' ? ` via ${order.carrier}, tracking ${order.tracking_no}` : '';
  const refund = order.refund_reference_no
    ? ` (refunded ${order.amount} ${order.currency}: ${order.refund_reference_no})`
    : '';
  out.result({ ...order }, `Order ${order.order_no} is ${order.status}${tail}${refund}.`);
}

export function registerOrderCommands(order: Command, env: CommandEnv): void {
  env
    .leaf(order.command('ship'))
    .description('ship a processing order with its carrier and tracking number')
    .requiredOption('--order-no <no>', 'the order_no', parseNonEmpty)
    .requiredOption('--carrier <name>', 'carrier, e.g. DHL', parseNonEmpty)
    .requiredOption('--tracking-no <no>', "the carrier's tracking number", parseNonEmpty)
    .action(async (opts: Target & { carrier: string; trackingNo: string }, cmd: Command) =>
      transition(env, cmd, 'shipped', opts),
    );
  env
    .leaf(order.command('set-status'))
    .description('move an order to processing, delivered or failed (failed refunds it)')
    .requiredOption('--order-no <no>', 'the order_no', parseNonEmpty)
    .requiredOption('--status <status>', SETTABLE_STATUSES.join(' | '), parseSettableStatus)
    .option('--reason <text>', 'why (kept on a failed order, at most 200 characters)', parseNonEmpty)
    .action(async (opts: Target & { status: SettableStatus }, cmd: Command) =>
      transition(env, cmd, opts.status, opts),
    );
  env
    .leaf(order.command('cancel'))
    .description('cancel a pending or processing order and refund it (again: no second refund)')
    .requiredOption('--order-no <no>', 'the order_no', parseNonEmpty)
    .option('--reason <text>', 'why (at most 200 characters)', parseNonEmpty)
    .action(async (opts: Target, cmd: Command) => transition(env, cmd, 'cancelled', opts));
}
