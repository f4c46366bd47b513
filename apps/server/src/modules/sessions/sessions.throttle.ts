import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { SessionKind } from './sessions.table.ts';

/**
 * Sign-in throttling, counted from the audit log's `session.sign_in_failed` entries, so the limits
 * hold across processes and restarts and need no table of their own. Failures only: a successful
 * sign-in is never slowed. No permanent lockout: every limit is a sliding window that frees itself.
 *
 * - one account from one address: 5 failures per 15 minutes (a person mistyping is not hindered;
 *   a guesser gets 20 guesses an hour);
 * - one address, any accounts: 20 failures per 15 minutes (spraying one password over many
 *   accounts);
 * - one account, any addresses: 50 failures per 15 minutes (a distributed guesser). This is the one
 *   a stranger could trip on purpose, and it frees itself 15 minutes after the attack stops; the
 *   per-address rule means the stranger needs many addresses to reach it.
 *
 * Throttled attempts answer 429 with Retry-After before any password is checked, identically for
 * known and unknown e-mails (the count is keyed by the e-mail as typed, normalised).
 */
export const SIGN_IN_WINDOW_SECONDS = 15 * 60;
export const SIGN_IN_LIMITS = { accountAndAddress: 5, address: 20, account: 50 } as const;

/** Seconds until this attempt would be allowed, or 0 when it is allowed now. */
export async function signInWait(
  db: Kysely<Database>,
  kind: SessionKind,
  email: string,
  ip: string,
  now: Date = new Date(),
): Promise<number> {
  const windowMs = SIGN_IN_WINDOW_SECONDS * 1000;
  const since = new Date(now.getTime() - windowMs).toISOString();
  const rules: Array<{ limit: number; label?: string; ip?: string }> = [
    { limit: SIGN_IN_LIMITS.accountAndAddress, label: email, ip },
    { limit: SIGN_IN_LIMITS.address, ip },
    { limit: SIGN_IN_LIMITS.account, label: email },
  ];
  let wait = 0;
  for (const rule of rules) {
    // The limit-th most recent failure inside the window: while it exists, the rule is full, and
    // it frees once that failure leaves the window.
    let q = db
      .selectFrom('audit_log')
      .select('at')
      .where('action', '=', 'session.sign_in_failed')
      .where('target_type', '=', kind)
      .where('at', '>=', since);
    if (rule.label !== undefined) q = q.where('actor_label', '=', rule.label);
    if (rule.ip !== undefined) q = q.where('ip', '=', rule.ip);
    const nth = await q
      .orderBy('at', 'desc')
      .limit(1)
      .offset(rule.limit - 1)
      .executeTakeFirst();
    if (nth) wait = Math.max(wait, Math.ceil((Date.parse(nth.at) + windowMs - now.getTime()) / 1000));
  }
  return wait;
}
