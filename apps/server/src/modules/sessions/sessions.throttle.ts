import { createHmac } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { SignInFailures } from '@tradepost/web-contract';
import { wireTime } from '../../shared/time.ts';
import type { SessionKind } from './sessions.table.ts';

/**
 * Sign-in throttling, counted from the audit log's `session.sign_in_failed` entries, so the limits
 * hold across processes and restarts and need no table of their own. Failures only: a successful
 * sign-in is never slowed. No permanent lockout: every limit is a sliding window that frees itself.
 *
 * - one account from one address: 5 failures per 15 minutes (a guesser gets 20 guesses an hour;
 *   a person who forgot the password waits, or asks an admin to reset it, below);
 * - one address, any accounts: 20 failures per 15 minutes (spraying one password over many
 *   accounts);
 * - one account, any addresses: 50 failures per 15 minutes (a distributed guesser). This is the one
 *   a stranger could trip on purpose, and it frees itself 15 minutes after the attack stops; the
 *   per-address rule means the stranger needs many addresses to reach it.
 *
 * Throttled attempts answer 429 with Retry-After before any password is checked, identically for
 * known and unknown e-mails (the count is keyed by the e-mail as typed, normalised).
 *
 * A password reset (by an admin or `tradepost operator reset-password`) ends the account rules'
 * count: failures before it were against the old password, and the reset is how a locked-out
 * person gets back in at once. Its `password.reset` entry carries the login's account hash, and
 * the account rules count only failures after the newest one. The address rule still counts them.
 *
 * The e-mail as typed is personal data (of a stranger, or a password typed in the wrong field): the
 * failure's entry shows it masked, and the account rules count by `actor_email_hmac`, a keyed
 * hash of it (signInAccount). A master-key rotation changes every hash, so the account rules
 * forget the failures of the window before the restart (at most 15 minutes); the address rule,
 * counted by `ip`, does not.
 */
export const SIGN_IN_WINDOW_SECONDS = 15 * 60;
export const SIGN_IN_LIMITS = { accountAndAddress: 5, address: 20, account: 50 } as const;

/** The `target_type` of a `password.reset` entry for a login of each kind. */
const RESET_TARGET: Record<SessionKind, string> = { admin: 'operator', portal: 'merchant_user' };

/**
 * What the account rules count by: HMAC-SHA-256 of the normalised e-mail under a key derived from
 * the master key, hex. Keyed, so the log's hashes cannot be matched against a list of addresses
 * without the key; the same work for every e-mail, known or not.
 */
export function signInAccount(masterKey: Buffer, email: string): string {
  let key = throttleKeys.get(masterKey);
  if (!key) {
    key = createHmac('sha256', masterKey).update('tradepost sign-in throttle v1').digest();
    throttleKeys.set(masterKey, key);
  }
  return createHmac('sha256', key).update(email).digest('hex');
}

/** The throttle key derived from each master key, once (every sign-in and every listed login uses it). */
const throttleKeys = new WeakMap<Buffer, Buffer>();

/** The newest password reset of the login since `since`, if any: the account rules count after it. */
function newestReset(db: Kysely<Database>, kind: SessionKind, account: string, since: string) {
  return db
    .selectFrom('audit_log')
    .select('at')
    .where('action', '=', 'password.reset')
    .where('target_type', '=', RESET_TARGET[kind])
    .where('actor_email_hmac', '=', account)
    .where('at', '>=', since)
    .orderBy('at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/**
 * Seconds until this attempt would be allowed, or 0 when it is allowed now. `account` is the
 * e-mail's signInAccount.
 */
export async function signInWait(
  db: Kysely<Database>,
  kind: SessionKind,
  account: string,
  ip: string,
  now: Date = new Date(),
): Promise<number> {
  const windowMs = SIGN_IN_WINDOW_SECONDS * 1000;
  const since = new Date(now.getTime() - windowMs).toISOString();
  // Looked up for every attempt, known e-mail or not: the same work either way.
  const reset = await newestReset(db, kind, account, since);
  const rules: Array<{ limit: number; account?: string; ip?: string }> = [
    { limit: SIGN_IN_LIMITS.accountAndAddress, account, ip },
    { limit: SIGN_IN_LIMITS.address, ip },
    { limit: SIGN_IN_LIMITS.account, account },
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
    if (rule.account !== undefined) {
      q = q.where('actor_email_hmac', '=', rule.account);
      if (reset) q = q.where('at', '>', reset.at);
    }
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

/**
 * Logins' failed sign-ins as the account rules count them now (inside the window, after each
 * login's newest reset), for an operator asked "I cannot sign in": how many, from how many
 * addresses, the latest, and until when the account rules hold sign-in from at least one address
 * (null: from none). Keyed by `accounts` (signInAccount hashes); a login with none is absent. Two
 * queries for any number of logins (the Team page lists them all).
 */
export async function signInFailures(
  db: Kysely<Database>,
  kind: SessionKind,
  accounts: readonly string[],
  now: Date = new Date(),
): Promise<Map<string, SignInFailures>> {
  const found = new Map<string, SignInFailures>();
  if (accounts.length === 0) return found;
  const windowMs = SIGN_IN_WINDOW_SECONDS * 1000;
  const since = new Date(now.getTime() - windowMs).toISOString();
  const [resets, failures] = await Promise.all([
    db
      .selectFrom('audit_log')
      .select(['actor_email_hmac', (eb) => eb.fn.max('at').as('at')])
      .where('action', '=', 'password.reset')
      .where('target_type', '=', RESET_TARGET[kind])
      .where('actor_email_hmac', 'in', accounts)
      .where('at', '>=', since)
      .groupBy('actor_email_hmac')
      .execute(),
    // Newest first; the account rule stops the count at its limit (a throttled attempt writes none).
    db
      .selectFrom('audit_log')
      .select(['actor_email_hmac', 'at', 'ip'])
      .where('action', '=', 'session.sign_in_failed')
      .where('target_type', '=', kind)
      .where('actor_email_hmac', 'in', accounts)
      .where('at', '>=', since)
      .orderBy('at', 'desc')
      .execute(),
  ]);
  const resetAt = new Map(resets.map((r) => [r.actor_email_hmac, r.at]));
  const byAccount = new Map<string, { at: string; ip: string | null }[]>();
  for (const f of failures) {
    const reset = resetAt.get(f.actor_email_hmac);
    if (reset !== undefined && f.at <= reset) continue;
    push(byAccount, f.actor_email_hmac ?? '', f);
  }
  /** When the rule that `nth` (its limit-th newest failure) fills frees itself. */
  const freedAt = (nth: { at: string } | undefined) => (nth ? Date.parse(nth.at) + windowMs : 0);
  for (const [account, fs] of byAccount) {
    const byAddress = new Map<string, { at: string }[]>();
    for (const f of fs) push(byAddress, f.ip ?? '', f);
    const heldUntil = Math.max(
      freedAt(fs[SIGN_IN_LIMITS.account - 1]),
      ...[...byAddress.values()].map((ofAddress) => freedAt(ofAddress[SIGN_IN_LIMITS.accountAndAddress - 1])),
    );
    found.set(account, {
      count: fs.length,
      addresses: byAddress.size,
      last_at: wireTime(fs[0]!.at),
      held_until: heldUntil > now.getTime() ? wireTime(new Date(heldUntil).toISOString()) : null,
    });
  }
  return found;
}

function push<T>(groups: Map<string, T[]>, key: string, item: T): void {
  const group = groups.get(key);
  if (group) group.push(item);
  else groups.set(key, [item]);
}
