import { fieldMessage, type SessionBase, type SessionEndpoints } from '@tradepost/web-contract';
import type { FastifyInstance } from 'fastify';
import type { Context } from '../../context.ts';
import { recordAudit, type AuditActor, type AuditEntry } from '../../modules/audit/audit.service.ts';
import {
  sessionIdOf,
  type ActiveSession,
  type SessionKind,
} from '../../modules/sessions/sessions.service.ts';
import type { InUnit } from '../../db/writer.ts';
import { SIGN_IN_RATE_LIMIT } from './rate-limits.ts';
import { ApiError, notFound } from './api-errors.ts';
import { addRoute, type Guard } from './route.ts';
import { signIn, signOut, type SignInFlow, type SignInSubject } from './sign-in.ts';
import { clearSessionCookie } from './web-session.ts';

/** What a door's guard gives every signed-in route, as far as the session routes need it. */
interface Caller {
  session: ActiveSession & { token: string };
  actor: AuditActor;
}

/** How one door (portal or console) differs in its session routes; the routes themselves are one. */
export interface SessionDoor<
  C extends Caller,
  O,
  U extends { mustChangePassword: boolean; email: string },
  S extends SessionBase,
> {
  kind: SessionKind;
  api: SessionEndpoints<S>;
  guard: Guard<C, O>;
  /** The guard options of the routes that must work before anything else does (password change pending). */
  pending: O;
  /** The guard options of the login's own two-step sign-in settings. */
  security: O;
  authenticate: SignInFlow<U & SignInSubject>['authenticate'];
  merchantOfEmail: SignInFlow<U & SignInSubject>['merchantOfEmail'];
  /** The signed-in login or operator, as the guard loaded it. */
  userOf(caller: C): U;
  /** Who is signed in, as the session answer shows it. */
  view(user: U): Omit<S, keyof SessionBase>;
  /** The audit fields naming the login (its merchant, and it as the target). */
  principal(user: U): Pick<AuditEntry, 'merchantId' | 'targetType' | 'targetId'>;
  passwords: {
    changePassword(id: string, current: string, next: string, opts: { inUnit: InUnit<U> }): Promise<void>;
  };
}

/** Sign in and out, sign out everywhere, and the password change, for either door. */
export function sessionRoutes<
  C extends Caller,
  O,
  U extends { mustChangePassword: boolean; email: string },
  S extends SessionBase,
>(scope: FastifyInstance, ctx: Context, door: SessionDoor<C, O, U, S>): void {
  const { kind, api, guard, pending } = door;
  // S is the door's own view plus SessionBase, which TypeScript cannot see through a generic.
  const answer = (user: U, s: { csrfToken: string; expiresAt: string }) =>
    ({
      ...door.view(user),
      csrf_token: s.csrfToken,
      must_change_password: user.mustChangePassword,
      expires_at: s.expiresAt,
      idle_timeout_seconds: ctx.services.sessions.idleSeconds,
    }) as S;

  addRoute(
    scope,
    async () => null,
    api.signIn,
    {},
    async ({ req, reply, body }) => {
      const { subject, session } = await signIn<U & SignInSubject>(
        ctx,
        {
          kind,
          authenticate: door.authenticate,
          merchantOfEmail: door.merchantOfEmail,
          principal: door.principal,
        },
        req,
        reply,
        body,
      );
      return answer(subject, session);
    },
    SIGN_IN_RATE_LIMIT,
  );

  // "Who am I": no live session is the answer null, not a 401 (the web app asks on every page load,
  // sign-in pages included, and a 401 there is a console error for nothing). Other guard refusals stand.
  const whoAmI: Guard<C | null, O> = async (req, reply, opts) => {
    try {
      return await guard(req, reply, opts);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'unauthenticated') return null;
      throw e;
    }
  };
  addRoute(scope, whoAmI, api.session, pending, async ({ session }) =>
    session ? answer(door.userOf(session), session.session) : null,
  );

  addRoute(scope, guard, api.signOut, pending, async ({ req, reply }) => {
    await signOut(ctx, kind, req, reply);
    return undefined;
  });

  addRoute(scope, guard, api.signOutEverywhere, pending, async ({ req, reply, session }) => {
    await ctx.writer.run(async (trx) => {
      await ctx.services.sessions.endAll(trx, kind, session.session.subjectId);
      await recordAudit(trx, session.actor, {
        action: 'session.sign_out_everywhere',
        ...door.principal(door.userOf(session)),
      });
    });
    clearSessionCookie(kind, req, reply);
    return undefined;
  });

  addRoute(scope, guard, api.sessions, door.security, async ({ session }) => ({
    items: await ctx.services.sessions.list(kind, session.session.subjectId, session.session.tokenHash),
  }));

  // Another device left signed in: its session ends (this one signs out with Sign out).
  addRoute(scope, guard, api.endSession, door.security, async ({ params, session }) => {
    const id = params.sessionId!;
    if (id === sessionIdOf(session.session.tokenHash))
      throw new ApiError('validation_failed', 'This is the session you are using: sign out instead', {
        session_id: fieldMessage('currentSession'),
      });
    const ended = await ctx.writer.run(async (trx) => {
      if (!(await ctx.services.sessions.endById(trx, kind, session.session.subjectId, id))) return false;
      await recordAudit(trx, session.actor, {
        action: 'session.ended',
        ...door.principal(door.userOf(session)),
      });
      return true;
    });
    if (!ended) throw notFound('No such session of yours: it may have ended already');
    return undefined;
  });

  twoFactorRoutes(scope, ctx, door);

  addRoute(scope, guard, api.changePassword, pending, async ({ body, session }) => {
    await door.passwords.changePassword(session.session.subjectId, body.current_password, body.new_password, {
      // Every other session of this login ends with the old password, in the same commit.
      inUnit: async (trx) => {
        await ctx.services.sessions.endAll(trx, kind, session.session.subjectId, session.session.tokenHash);
        await recordAudit(trx, session.actor, {
          action: 'password.changed',
          ...door.principal(door.userOf(session)),
        });
      },
    });
    return undefined;
  });
}

/** The two-step sign-in of the signed-in login, on either door (session-routes.ts's door). */
function twoFactorRoutes<
  C extends Caller,
  O,
  U extends { mustChangePassword: boolean; email: string },
  S extends SessionBase,
>(scope: FastifyInstance, ctx: Context, door: SessionDoor<C, O, U, S>): void {
  const { kind, api, guard, security } = door;
  const twoFactor = ctx.services.twoFactor;
  // Confirming and turning off check a password and a code: rate-limited per address as sign-in
  // is (30 a minute), so a stolen session cannot guess either at volume.
  /** The password of the signed-in login, checked as a sign-in checks it (a 400 on `password` if wrong). */
  const checkPassword = async (caller: C, password: string) => {
    const user = door.userOf(caller);
    const again = await door.authenticate(user.email, password);
    if (again?.subjectId !== caller.session.subjectId) {
      throw new ApiError('validation_failed', 'Wrong password', {
        password: fieldMessage('notCurrentPassword'),
      });
    }
  };

  addRoute(scope, guard, api.twoFactor, security, async ({ session }) =>
    twoFactor.status(session.session.subjectId),
  );

  addRoute(scope, guard, api.twoFactorSetup, security, async ({ session }) => {
    const setup = await twoFactor.begin({
      kind,
      subjectId: session.session.subjectId,
      email: door.userOf(session).email,
    });
    if (!setup) throw new ApiError('conflict', 'Two-step sign-in is already on: turn it off first');
    return setup;
  });

  addRoute(
    scope,
    guard,
    api.twoFactorConfirm,
    security,
    async ({ body, session }) => {
      await checkPassword(session, body.password);
      const codes = await twoFactor.confirm(session.session.subjectId, body.code, {
        inUnit: (trx) =>
          recordAudit(trx, session.actor, {
            action: 'two_factor.enabled',
            ...door.principal(door.userOf(session)),
            after: { enabled: true },
          }),
      });
      if (!codes) {
        if (await twoFactor.isEnabled(session.session.subjectId))
          throw new ApiError('conflict', 'Two-step sign-in is already on');
        throw new ApiError('validation_failed', 'Wrong code', { code: fieldMessage('wrongCode') });
      }
      return { recovery_codes: codes };
    },
    SIGN_IN_RATE_LIMIT,
  );

  addRoute(
    scope,
    guard,
    api.twoFactorDisable,
    security,
    async ({ body, session }) => {
      await checkPassword(session, body.password);
      const subjectId = session.session.subjectId;
      const factor = { code: body.code, recoveryCode: body.recovery_code };
      const removed = await ctx.writer.run(async (trx) => {
        if (!(await twoFactor.spend(trx, subjectId, factor))) return false;
        await twoFactor.remove(trx, subjectId);
        await recordAudit(trx, session.actor, {
          action: 'two_factor.disabled',
          ...door.principal(door.userOf(session)),
          before: { enabled: true },
          after: { enabled: false, by: body.code !== undefined ? 'code' : 'recovery_code' },
        });
        return true;
      });
      if (!removed) {
        if (!(await twoFactor.isEnabled(subjectId)))
          throw new ApiError('conflict', 'Two-step sign-in is not on');
        throw body.code !== undefined
          ? new ApiError('validation_failed', 'Wrong code', { code: fieldMessage('wrongCode') })
          : new ApiError('validation_failed', 'Wrong recovery code', {
              recovery_code: fieldMessage('wrongRecoveryCode'),
            });
      }
      return undefined;
    },
    SIGN_IN_RATE_LIMIT,
  );
}
