import { fieldMessage, type SignInBody } from '@tradepost/web-contract';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Context } from '../../context.ts';
import { recordAudit, type AuditEntry } from '../../modules/audit/audit.service.ts';
import { maskEmail, normalizeEmail } from '../../modules/merchants/merchants.rules.ts';
import type { SessionKind, StartedSession } from '../../modules/sessions/sessions.service.ts';
import { signInAccount, signInWait } from '../../modules/sessions/sessions.throttle.ts';
import { ApiError } from './api-errors.ts';
import {
  actorOf,
  clearSessionCookie,
  clientIp,
  sessionToken,
  setSessionCookie,
  userAgent,
} from './web-session.ts';

/** Who signed in, as the two doors' authenticators report it. */
export interface SignInSubject {
  subjectId: string;
  merchantId: string | null;
  email: string;
}

export interface SignInFlow<T extends SignInSubject> {
  kind: SessionKind;
  /** Checks e-mail and password in the same time whether or not the e-mail exists. */
  authenticate(email: string, password: string): Promise<T | null>;
  /** The merchant a failed e-mail belongs to (so it appears on that merchant's Security page). */
  merchantOfEmail(email: string): Promise<string | null>;
  /** The audit fields naming the login (its merchant, and it as the target). */
  principal(subject: T): Pick<AuditEntry, 'merchantId' | 'targetType' | 'targetId'>;
}

const WRONG = 'Wrong e-mail or password';
const CODE_REQUIRED = 'Enter the code from your authenticator app (or a recovery code)';

/**
 * Sign-in shared by the portal and the console: throttle (before any password is checked, the
 * same for known and unknown e-mails), authenticate, then open the session and write its audit
 * entry in one unit. A failure answers the same 401 for an unknown e-mail, a wrong password and
 * a disabled login, and is itself audited (that is what the throttle counts). A login with
 * two-step sign-in on answers a right password without a code `two_factor_required` (no session:
 * the page asks for the code and sends all three again); a wrong or used code is a failed sign-in.
 */
export async function signIn<T extends SignInSubject>(
  ctx: Context,
  flow: SignInFlow<T>,
  req: FastifyRequest,
  reply: FastifyReply,
  body: SignInBody,
): Promise<{ subject: T; session: StartedSession }> {
  const email = normalizeEmail(body.email);
  const ip = clientIp(req);
  const account = signInAccount(ctx.config.masterKey, email);
  const wait = await signInWait(ctx.db, flow.kind, account, ip);
  if (wait > 0) {
    throw new ApiError('rate_limited', `Too many failed sign-ins: try again in ${wait} s`, undefined, {
      'retry-after': String(wait),
    });
  }
  // The e-mail as typed may be a stranger's, or a password typed in the wrong field: the entry
  // shows it masked, and the throttle counts its keyed hash.
  const failed = (after?: Record<string, unknown>) =>
    flow.merchantOfEmail(email).then((merchantId) =>
      ctx.services.audit.record(actorOf(req, { type: 'anonymous', id: null, label: maskEmail(email) }), {
        action: 'session.sign_in_failed',
        emailHmac: account,
        merchantId,
        targetType: flow.kind,
        after: after ?? null,
      }),
    );
  const subject = await flow.authenticate(email, body.password);
  if (!subject) {
    await failed();
    throw new ApiError('unauthenticated', WRONG);
  }
  // Two-step sign-in: asked for only once the password was right (so an unknown e-mail and a wrong
  // password still answer alike, in the same time), and checked, then spent, in the session's unit.
  const factorOn = await ctx.services.twoFactor.isEnabled(subject.subjectId);
  const factor = { code: body.code, recoveryCode: body.recovery_code };
  if (factorOn && factor.code === undefined && factor.recoveryCode === undefined) {
    throw new ApiError('two_factor_required', CODE_REQUIRED);
  }
  const actor = actorOf(req, {
    type: flow.kind === 'portal' ? 'merchant' : 'operator',
    id: subject.subjectId,
    label: subject.email,
  });
  const session = await ctx.writer.run(async (trx) => {
    if (factorOn) {
      const spent = await ctx.services.twoFactor.spend(trx, subject.subjectId, factor);
      if (!spent) return null;
      if (spent.by === 'recovery_code') {
        await recordAudit(trx, actor, {
          action: 'two_factor.recovery_code_used',
          ...flow.principal(subject),
          after: { recovery_codes_left: spent.left },
        });
      }
    }
    const s = await ctx.services.sessions.start(trx, {
      kind: flow.kind,
      subjectId: subject.subjectId,
      merchantId: subject.merchantId,
      ip,
      userAgent: userAgent(req),
    });
    await recordAudit(trx, actor, {
      action: 'session.sign_in',
      merchantId: subject.merchantId,
      targetType: flow.kind,
    });
    return s;
  });
  if (!session) {
    // A wrong (or used) code is a failed sign-in: audited, and counted by the throttle, as a wrong
    // password is. The answer stays on the second step and names the field.
    const field = factor.code !== undefined ? 'code' : 'recovery_code';
    await failed({ second_step: field });
    throw new ApiError('two_factor_required', `Wrong ${field.replace('_', ' ')}`, {
      [field]: fieldMessage(field === 'code' ? 'wrongCode' : 'wrongRecoveryCode'),
    });
  }
  // A session fixed before sign-in (a planted cookie) is never reused: a fresh token every time.
  const previous = sessionToken(flow.kind, req);
  if (previous) await ctx.services.sessions.end(previous);
  setSessionCookie(flow.kind, req, reply, session);
  return { subject, session };
}

export async function signOut(
  ctx: Context,
  kind: SessionKind,
  req: FastifyRequest,
  reply: FastifyReply,
): Promise<void> {
  const token = sessionToken(kind, req);
  if (token) await ctx.services.sessions.end(token);
  clearSessionCookie(kind, req, reply);
}
