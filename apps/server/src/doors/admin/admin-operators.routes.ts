import { adminApi, fieldMessage } from '@tradepost/web-contract';
import type { FastifyInstance } from 'fastify';
import type { Context } from '../../context.ts';
import { recordAudit } from '../../modules/audit/audit.service.ts';
import {
  isUnknownOperator,
  operatorView,
  teamMemberView,
} from '../../modules/operators/operators.service.ts';
import { resetTwoFactor } from '../../modules/two-factor/two-factor.reset.ts';
import { isAppError } from '../../shared/app-error.ts';
import { newTemporaryPassword } from '../../shared/password.ts';
import { ApiError, notFound } from '../web/api-errors.ts';
import { addRoute } from '../web/route.ts';
import { ADMIN_ONLY, adminGuard } from './admin-guard.ts';

/**
 * The console's team: both roles read who has access; only an admin adds operators, changes a
 * role, disables or re-enables one, or resets a password or two-step sign-in. A new operator's
 * password and a reset's are temporary, shown once, and changed at the next sign-in. Nobody
 * changes their own access (another admin does), and the last active admin stays one
 * (operators.service.ts).
 */
export function adminOperatorsRoutes(scope: FastifyInstance, ctx: Context): void {
  const guard = adminGuard(ctx);
  const { operators } = ctx.services;

  /** The service answers an unknown operator id as 4001: the console says 404. */
  const known = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (e) {
      if (isUnknownOperator(e)) throw notFound('No such operator');
      throw e;
    }
  };

  addRoute(scope, guard, adminApi.operators, {}, async () => ({
    items: (await operators.list()).map(teamMemberView),
  }));

  addRoute(scope, guard, adminApi.createOperator, ADMIN_ONLY, async ({ body, session }) => {
    const temporary = newTemporaryPassword();
    try {
      const created = await operators.create(
        {
          email: body.email,
          password: temporary,
          role: body.role,
          name: body.name,
          mustChangePassword: true,
        },
        {
          inUnit: (trx, o) =>
            recordAudit(trx, session.actor, {
              action: 'operator.created',
              targetType: 'operator',
              targetId: o.operatorId,
              after: { email: o.email, role: o.role },
            }),
        },
      );
      return { operator: operatorView(created), temporary_password: temporary };
    } catch (e) {
      if (isAppError(e) && e.message.startsWith('email: an operator'))
        throw new ApiError('conflict', 'An operator with this e-mail exists', {
          email: fieldMessage('emailTaken'),
        });
      throw e;
    }
  });

  addRoute(scope, guard, adminApi.setOperatorRole, ADMIN_ONLY, async ({ params, body, session }) => {
    return operatorView(
      await known(() => operators.setAccess(params.operatorId!, { role: body.role }, session)),
    );
  });

  addRoute(scope, guard, adminApi.setOperatorStatus, ADMIN_ONLY, async ({ params, body, session }) => {
    return operatorView(
      await known(() => operators.setAccess(params.operatorId!, { status: body.status }, session)),
    );
  });

  addRoute(scope, guard, adminApi.resetOperatorPassword, ADMIN_ONLY, async ({ params, session }) => {
    const reset = await known(() => operators.resetPassword(params.operatorId!, session));
    return { email: reset.operator.email, temporary_password: reset.temporaryPassword };
  });

  // A lost phone, as a merchant's (admin-merchants.routes.ts): another operator's factor removed
  // and their sessions ended, with the admin's note. Their own an admin turns off on Security,
  // with a code; 409 when it is not on (the page offers the reset only while it is).
  addRoute(scope, guard, adminApi.resetOperatorTwoFactor, ADMIN_ONLY, async ({ params, body, session }) => {
    const operatorId = params.operatorId!;
    if (operatorId === session.operator.operatorId)
      throw new ApiError('bad_request', 'Turn your own two-step sign-in off on the Security page');
    const operator = await operators.get(operatorId);
    if (!operator) throw notFound('No such operator');
    const login = { kind: 'admin', subjectId: operatorId } as const;
    if (!(await resetTwoFactor({ writer: ctx.writer, ...ctx.services }, login, session.actor, body.note)))
      throw new ApiError('conflict', 'Two-step sign-in is not on for this operator');
    return operatorView(operator);
  });
}
