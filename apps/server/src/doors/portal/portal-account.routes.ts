import { LOW_CREDIT_PERCENT, portalApi, type Credit } from '@tradepost/web-contract';
import type { FastifyInstance } from 'fastify';
import type { Context } from '../../context.ts';
import { recordAudit } from '../../modules/audit/audit.service.ts';
import { createSpendSeries, ledgerLatest, ledgerPage } from '../../modules/credit/credit.statements.ts';
import { bankAccountChange, profileChange } from '../../modules/merchants/merchants.profile.ts';
import { parseMoney } from '../../shared/money.ts';
import { ledgerCsv } from '../web/ledger-csv.ts';
import { EXPORT_RATE_LIMIT } from '../web/rate-limits.ts';
import { addRoute } from '../web/route.ts';
import { portalGuard } from './portal-guard.ts';

/**
 * available < LOW_CREDIT_PERCENT % of the limit (integer arithmetic on minor units). From the limit
 * and `used`, not the available figure: once refunds of repaid orders take `used` below zero, the
 * available credit can pass the 13 integer digits an amount is parsed to, and read as nothing left.
 */
export function isLowCredit(c: Credit): boolean {
  const limit = parseMoney(c.credit_limit) ?? 0;
  if (limit === 0) return true;
  const used = parseMoney(c.used);
  // Unparseable only when it is that far below zero: the available credit is past any threshold.
  if (used === null) return false;
  return (limit - used) * 100 < limit * LOW_CREDIT_PERCENT;
}

/** Dashboard, credit, transactions (+ CSV), profile and bank account. */
export function portalAccountRoutes(scope: FastifyInstance, ctx: Context): void {
  const guard = portalGuard(ctx);
  const { services, db } = ctx;
  const dailySpend = createSpendSeries(db);

  addRoute(scope, guard, portalApi.dashboard, {}, async ({ session }) => {
    const id = session.merchantId;
    const [credit, spend, orders, transactions] = await Promise.all([
      services.credit.get(id),
      dailySpend(id, 30),
      services.orders.list(id, { page: 1, page_size: 5 }),
      ledgerLatest(db, id, {}, 5),
    ]);
    return {
      credit,
      merchant_status: session.login.status,
      low_credit: isLowCredit(credit),
      daily_spend: spend,
      recent_orders: orders.items,
      recent_transactions: transactions,
    };
  });

  addRoute(scope, guard, portalApi.credit, {}, async ({ session }) => {
    const [credit, history] = await Promise.all([
      services.credit.get(session.merchantId),
      ledgerLatest(db, session.merchantId, { types: ['limit_change', 'repayment', 'adjustment'] }, 100),
    ]);
    return { credit, low_credit: isLowCredit(credit), history };
  });

  addRoute(scope, guard, portalApi.transactions, {}, async ({ query, session }) =>
    ledgerPage(
      db,
      session.merchantId,
      { types: query.type ? [query.type] : undefined, from: query.from, to: query.to },
      { page: query.page, pageSize: query.page_size, asOf: query.as_of },
    ),
  );

  addRoute(
    scope,
    guard,
    portalApi.transactionsCsv,
    {},
    async ({ query, session, reply }) => ledgerCsv(db, session.merchantId, query, reply),
    EXPORT_RATE_LIMIT,
  );

  addRoute(scope, guard, portalApi.profile, {}, async ({ session }) =>
    services.profiles.get(session.merchantId),
  );

  addRoute(scope, guard, portalApi.updateProfile, {}, async ({ body, session }) =>
    services.profiles.update(session.merchantId, body, {
      inUnit: (trx, change) => recordAudit(trx, session.actor, profileChange(session.merchantId, change)),
    }),
  );

  addRoute(scope, guard, portalApi.updateBankAccount, {}, async ({ body, session }) =>
    services.profiles.updateBankAccount(session.merchantId, body, {
      inUnit: (trx, change) => recordAudit(trx, session.actor, bankAccountChange(session.merchantId, change)),
    }),
  );
}
