import type { SignInBody } from '@tradepost/web-contract';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Context } from '../../context.ts';
import { recordAudit } from '../../modules/audit/audit.service.ts';
import { normalizeEmail } from '../../modules/merchants/merchants.rules.ts';
import type { SessionKind, StartedSession } from '../../modules/sessions/sessions.service.ts';
import { signInWait } from '../../modules/sessions/sessions.throttle.ts';
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
}

const WRONG = 'Wrong e-mail or password';

/**
 * Sign-in shared by the portal and the console: throttle (before any password is checked, the
 * same for known and unknown e-mails), authenticate, then open the session and write its audit
 * entry in one unit. A failure answers the same 401 for an unknown e-mail, a wrong password and
 * a disabled login, and is itself audited (that is what the throttle counts).
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
  const wait = await signInWait(ctx.db, flow.kind, email, ip);
  if (wait > 0) {
    throw new ApiError('rate_limited', `Too many failed sign-ins: try again in ${wait} s`, undefined, {
      'retry-after': String(wait),
    });
  }
  const subject = await flow.authenticate(email, body.password);
  if (!subject) {
    const merchantId = await flow.merchantOfEmail(email);
    await ctx.services.audit.record(actorOf(req, { type: 'anonymous', id: null, label: email }), {
      action: 'session.sign_in_failed',
      merchantId,
      targetType: flow.kind,
    });
    throw new ApiError('unauthenticated', WRONG);
  }
  // A session fixed before sign-in (a planted cookie) is never reused: a fresh token every time.
  const previous = sessionToken(flow.kind, req);
  if (previous) await ctx.services.sessions.end(previous);
  const session = await ctx.writer.run(async (trx) => {
    const s = await ctx.services.sessions.start(trx, {
      kind: flow.kind,
      subjectId: subject.subjectId,
      merchantId: subject.merchantId,
      ip,
      userAgent: userAgent(req),
    });
    await recordAudit(
      trx,
      actorOf(req, {
        type: flow.kind === 'portal' ? 'merchant' : 'operator',
        id: subject.subjectId,
        label: subject.email,
      }),
      {
        action: 'session.sign_in',
        merchantId: subject.merchantId,
        targetType: flow.kind,
      },
    );
    return s;
  });
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
