import { adminApi, type AdminOverview, QUEUE_STATUSES } from '@tradepost/web-contract';
import type { Kysely } from 'kysely';
import type { FastifyInstance } from 'fastify';
import type { Context } from '../../context.ts';
import type { Database } from '../../db/database.ts';
import { creditExposure, mostUtilized } from '../../modules/credit/credit.exposure.ts';
import { countByStatus } from '../../modules/merchants/merchants.repository.ts';
import { waitingIn } from '../../modules/orders/orders.repository.ts';
import { countFailingEndpoints } from '../../modules/webhooks/webhooks.repository.ts';
import { wireTime } from '../../shared/time.ts';
import { addRoute } from '../web/route.ts';
import { adminGuard } from './admin-guard.ts';

/** How many of the most utilized merchants the overview names. */
const MOST_UTILIZED = 5;

/**
 * The console's first page: the credit granted and drawn, the merchants closest to their limit,
 * the orders waiting on an operator and the failing webhooks. The credit figures read every
 * account (they grow with merchants, not with orders or the ledger: bench:ledger); the queue's
 * counts stop at 1,000, as the queue's own.
 */
export async function readOverview(db: Kysely<Database>): Promise<AdminOverview> {
  const [merchants, exposure, utilized, queue, failing] = await Promise.all([
    countByStatus(db),
    creditExposure(db),
    mostUtilized(db, MOST_UTILIZED),
    Promise.all(QUEUE_STATUSES.map((status) => waitingIn(db, status))),
    countFailingEndpoints(db),
  ]);
  return {
    merchants,
    exposure,
    most_utilized: utilized,
    queue: queue.map(({ oldest, ...figure }, i) => ({
      status: QUEUE_STATUSES[i]!,
      ...figure,
      oldest_created_at: oldest === null ? null : wireTime(oldest),
    })),
    failing_webhooks: failing,
  };
}

/** Both roles read it. */
export function adminOverviewRoutes(scope: FastifyInstance, ctx: Context): void {
  addRoute(scope, adminGuard(ctx), adminApi.overview, {}, () => readOverview(ctx.db));
}
