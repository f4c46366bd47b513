import { adminApi, fieldMessage, type MerchantDetail } from '@tradepost/web-contract';
import type { FastifyInstance } from 'fastify';
import type { Context } from '../../context.ts';
import { recordAudit } from '../../modules/audit/audit.service.ts';
import { ledgerPage } from '../../modules/credit/credit.statements.ts';
import { bankAccountChange, profileChange } from '../../modules/merchants/merchants.profile.ts';
import * as merchantsRepo from '../../modules/merchants/merchants.repository.ts';
import { searchMerchants } from '../../modules/merchants/merchants.search.ts';
import { EMAIL_TAKEN, maskEmail } from '../../modules/merchants/merchants.rules.ts';
import { signInAccount, signInFailures } from '../../modules/sessions/sessions.throttle.ts';
import { resetTwoFactor } from '../../modules/two-factor/two-factor.reset.ts';
import { isAppError } from '../../shared/app-error.ts';
import { newTemporaryPassword } from '../../shared/password.ts';
import { wireTime } from '../../shared/time.ts';
import { ApiError, notFound } from '../web/api-errors.ts';
import { ledgerCsv } from '../web/ledger-csv.ts';
import { EXPORT_RATE_LIMIT } from '../web/rate-limits.ts';
import { addRoute } from '../web/route.ts';
import { ADMIN_ONLY, adminGuard } from './admin-guard.ts';

/** A taken login e-mail is a 409 on the `email` field; anything else as it was thrown. */
const emailTakenAsConflict = (e: unknown): unknown =>
  isAppError(e) && e.message === EMAIL_TAKEN
    ? new ApiError('conflict', 'A merchant with this e-mail exists', { email: fieldMessage('emailTaken') })
    : e;

/**
 * Merchants in the console. Reading is for both roles; creating, suspending, freezing, money
 * movement, password resets and corrections of the profile, bank account and login e-mail are
 * `admin` only (support: 403 before anything is read or
 * written). Every change writes its audit entry, with the operator's note, in the change's unit:
 * the services write it (as the session's operator, `actor`), the same entry for the CLI's change.
 */
export function adminMerchantsRoutes(scope: FastifyInstance, ctx: Context): void {
  const guard = adminGuard(ctx);
  const { services, db } = ctx;

  const detail = async (merchantId: string): Promise<MerchantDetail> => {
    const m = await merchantsRepo.findMerchant(db, merchantId);
    if (!m) throw notFound('No such merchant');
    const user = await merchantsRepo.findPrimaryUser(db, merchantId);
    const portalSignInFailures = async (email: string) => {
      const account = signInAccount(ctx.config.masterKey, email);
      return (await signInFailures(db, 'portal', [account])).get(account);
    };
    const [profile, credit, orders, transactions, apps, apiKey, tokens, twoFactor, failures] =
      await Promise.all([
        services.profiles.get(merchantId),
        services.credit.get(merchantId),
        services.orders.list(merchantId, { page: 1, page_size: 10 }),
        ledgerPage(db, merchantId, {}, { page: 1, pageSize: 10 }),
        services.apps.list(merchantId),
        user ? services.apiKeys.get(user.email) : Promise.resolve(null),
        services.tokens.list(merchantId),
        user ? services.twoFactor.isEnabled(user.user_id) : Promise.resolve(false),
        user ? portalSignInFailures(user.email) : undefined,
      ]);
    // Why, since when and by whom, while it lasts: the newest entry of the change.
    const lastEntry = async (action: 'credit.frozen' | 'merchant.suspended') =>
      (await services.audit.search({ merchantId, action, page: 1, pageSize: 1 })).items[0] ?? null;
    const [frozenBy, suspendedBy] = await Promise.all([
      credit.status === 'frozen' ? lastEntry('credit.frozen') : null,
      m.status === 'suspended' ? lastEntry('merchant.suspended') : null,
    ]);
    return {
      profile,
      status: m.status,
      created_at: wireTime(m.created_at),
      must_change_password: user?.must_change_password === 1,
      two_factor_enabled: twoFactor,
      failed_sign_ins: failures ?? null,
      credit,
      recent_orders: orders.items,
      recent_transactions: transactions.items,
      apps,
      api_key: apiKey,
      tokens,
      frozen_by: frozenBy,
      suspended_by: suspendedBy,
    };
  };

  addRoute(scope, guard, adminApi.merchants, {}, async ({ query }) =>
    searchMerchants(db, {
      q: query.q,
      status: query.status,
      creditStatus: query.credit_status,
      page: query.page,
      pageSize: query.page_size,
    }),
  );

  addRoute(scope, guard, adminApi.merchant, {}, async ({ params }) => detail(params.merchantId!));

  addRoute(scope, guard, adminApi.merchantTransactions, {}, async ({ params, query }) =>
    ledgerPage(
      db,
      params.merchantId!,
      { types: query.type ? [query.type] : undefined, from: query.from, to: query.to },
      { page: query.page, pageSize: query.page_size, asOf: query.as_of },
    ),
  );

  addRoute(
    scope,
    guard,
    adminApi.merchantTransactionsCsv,
    {},
    async ({ params, query, reply }) => {
      const merchantId = params.merchantId!;
      // Before the stream starts: once it has, the answer is a 200 whatever follows.
      if (!(await merchantsRepo.findMerchant(db, merchantId))) throw notFound('No such merchant');
      return ledgerCsv(db, merchantId, query, reply, `transactions-${merchantId}`);
    },
    EXPORT_RATE_LIMIT,
  );

  addRoute(scope, guard, adminApi.createMerchant, ADMIN_ONLY, async ({ body, session }) => {
    const temporary = body.password ? undefined : newTemporaryPassword();
    try {
      const created = await services.merchants.create(
        {
          email: body.email,
          password: body.password ?? temporary!,
          name: body.name,
          creditLimit: body.credit_limit,
          currency: body.currency,
        },
        {
          mustChangePassword: temporary !== undefined,
          actor: session.actor,
        },
      );
      const email = body.email.trim().toLowerCase();
      return temporary
        ? { merchant_id: created.merchantId, email, temporary_password: temporary }
        : { merchant_id: created.merchantId, email };
    } catch (e) {
      throw emailTakenAsConflict(e);
    }
  });

  addRoute(scope, guard, adminApi.setMerchantStatus, ADMIN_ONLY, async ({ params, body, session }) => {
    const id = params.merchantId!;
    if (!(await merchantsRepo.findMerchant(db, id))) throw notFound('No such merchant');
    await services.merchants.setStatus(id, body.status, { actor: session.actor, note: body.note });
    return detail(id);
  });

  addRoute(scope, guard, adminApi.setCreditStatus, ADMIN_ONLY, async ({ params, body, session }) => {
    const id = params.merchantId!;
    if (!(await merchantsRepo.findMerchant(db, id))) throw notFound('No such merchant');
    await services.credit.setStatus(id, body.status, { actor: session.actor, note: body.note });
    return detail(id);
  });

  addRoute(scope, guard, adminApi.creditEntry, ADMIN_ONLY, async ({ params, body, session }) => {
    const id = params.merchantId!;
    if (!(await merchantsRepo.findMerchant(db, id))) throw notFound('No such merchant');
    return services.credit.adjust(
      id,
      { type: body.type, amount: body.amount, note: body.note, idempotencyKey: body.idempotency_key },
      { actor: session.actor },
    );
  });

  // The portal's Profile rules (merchants.profile.ts), audited as the portal's changes are, with
  // the operator as actor: the merchant sees them on its Security page.
  addRoute(scope, guard, adminApi.updateMerchantProfile, ADMIN_ONLY, async ({ params, body, session }) => {
    const id = params.merchantId!;
    if (!(await merchantsRepo.findMerchant(db, id))) throw notFound('No such merchant');
    await services.profiles.update(id, body, {
      inUnit: (trx, change) => recordAudit(trx, session.actor, profileChange(id, change)),
    });
    return detail(id);
  });

  addRoute(
    scope,
    guard,
    adminApi.updateMerchantBankAccount,
    ADMIN_ONLY,
    async ({ params, body, session }) => {
      const id = params.merchantId!;
      if (!(await merchantsRepo.findMerchant(db, id))) throw notFound('No such merchant');
      await services.profiles.updateBankAccount(id, body, {
        inUnit: (trx, change) => recordAudit(trx, session.actor, bankAccountChange(id, change)),
      });
      return detail(id);
    },
  );

  addRoute(scope, guard, adminApi.changeMerchantEmail, ADMIN_ONLY, async ({ params, body, session }) => {
    const id = params.merchantId!;
    if (!(await merchantsRepo.findMerchant(db, id))) throw notFound('No such merchant');
    try {
      await services.merchants.changeEmail(id, body.email, {
        // A new sign-in name is a credential change, as a password reset is: the sessions opened
        // under the old one end with it (the password stays). The entry keeps both addresses
        // masked, as a log line may not hold an e-mail.
        inUnit: async (trx, u) => {
          await services.sessions.endAll(trx, 'portal', u.userId);
          await recordAudit(trx, session.actor, {
            action: 'merchant.email_changed',
            merchantId: id,
            targetType: 'merchant_user',
            targetId: u.userId,
            before: { email: maskEmail(u.before) },
            after: { email: maskEmail(u.after) },
          });
        },
      });
    } catch (e) {
      throw emailTakenAsConflict(e);
    }
    return detail(id);
  });

  addRoute(scope, guard, adminApi.resetPassword, ADMIN_ONLY, async ({ params, session }) => {
    const id = params.merchantId!;
    if (!(await merchantsRepo.findMerchant(db, id))) throw notFound('No such merchant');
    const reset = await services.merchants.resetPassword(id, {
      // The old password's sessions end with it; the temporary password itself is never recorded.
      inUnit: async (trx, u) => {
        await services.sessions.endAll(trx, 'portal', u.userId);
        await recordAudit(trx, session.actor, {
          action: 'password.reset',
          merchantId: id,
          targetType: 'merchant_user',
          targetId: u.userId,
          after: { must_change_password: true },
          // A locked-out merchant signs in with the temporary password at once (sessions.throttle.ts).
          emailHmac: signInAccount(ctx.config.masterKey, u.email),
        });
      },
    });
    return { email: reset.email, temporary_password: reset.temporaryPassword };
  });

  // A lost phone: the login's factor (and its recovery codes) removed, its sessions ended, with the
  // admin's note. It signs in with its password alone, then may turn two-step sign-in on again.
  addRoute(scope, guard, adminApi.resetTwoFactor, ADMIN_ONLY, async ({ params, body, session }) => {
    const id = params.merchantId!;
    const user = (await merchantsRepo.findMerchant(db, id)) && (await merchantsRepo.findPrimaryUser(db, id));
    if (!user) throw notFound('No such merchant');
    const login = { kind: 'portal', subjectId: user.user_id, merchantId: id } as const;
    const reset = await resetTwoFactor({ writer: ctx.writer, ...services }, login, session.actor, body.note);
    if (!reset) throw new ApiError('conflict', 'Two-step sign-in is not on for this merchant');
    return detail(id);
  });
}
