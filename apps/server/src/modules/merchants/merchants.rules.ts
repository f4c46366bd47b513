/**
 * The merchant-level rules that other modules and the CLI share: what a login e-mail looks like,
 * how it is stored, what a credential's label may be, and when a credential may act. Kept free of
 * database code so the CLI can check its arguments without loading it.
 */
import { fieldIssue, fieldMessage, isOneLine, ONE_LINE_ERROR } from '@tradepost/web-contract';
import { z } from 'zod';
import { hasControlChar, parseInput } from '../../shared/validation.ts';
import type { MerchantStatus } from './merchants.table.ts';

/** A login e-mail as given: trimmed, at most 320 characters, `local@domain.tld`. */
export const emailSchema = z
  .string()
  .trim()
  .max(320, fieldIssue('maxChars', { max: 320 }))
  .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, fieldIssue('email'));

/**
 * The stored and looked-up form of a login e-mail: trimmed and lower-cased; '' for a non-string or
 * one holding a control character (no stored e-mail can: every lookup by it, sign-in and Action
 * API UserID alike, then finds nothing instead of sending a NUL byte to PostgreSQL).
 */
export function normalizeEmail(email: unknown): string {
  return typeof email === 'string' && !hasControlChar(email) ? email.trim().toLowerCase() : '';
}

/**
 * A login e-mail as an audit entry keeps it: its first character and its domain (`b•••@acme.test`),
 * enough to tell one address from another, never the address in clear. Anything else (no `@`, or
 * several: a password typed in the e-mail field at sign-in) is only `•••`. The migration
 * 2026-12-03-audit-log-email-hmac applies the same rule in SQL.
 */
export function maskEmail(email: string): string {
  const at = email.indexOf('@');
  return at > 0 && at === email.lastIndexOf('@') ? `${email[0]}•••${email.slice(at)}` : '•••';
}

/**
 * The message `merchants.create` and `merchants.changeEmail` refuse a taken e-mail with (AppError
 * 4001): callers match on it.
 */
export const EMAIL_TAKEN = `email: ${fieldMessage('emailTaken')}`;

/** The label of an App or an API token: trimmed, 1..100 characters, on one line. */
export const credentialLabelSchema = z
  .string({ error: 'must be 1..100 characters' })
  .trim()
  .min(1, { error: 'must be 1..100 characters' })
  .max(100, { error: 'must be 1..100 characters' })
  .refine(isOneLine, { error: ONE_LINE_ERROR });

/** The `name` of a new App or API token, trimmed; AppError 4001 "name: must be 1..100 characters". */
export function parseCredentialLabel(name: unknown): string {
  return parseInput(credentialLabelSchema, name, 'name');
}

/** Why a credential may not act; the doors turn it into their own wire answer. */
export type CredentialInactiveReason = 'merchant_suspended' | 'credential_inactive';

export type CredentialState =
  { active: true; reason: null } | { active: false; reason: CredentialInactiveReason };

/**
 * The one rule for every credential (B-End App, Action API key's portal user, WallTech token): it
 * may act only while it is active itself AND its merchant is active. When both fail, the
 * suspension is the reason given: it is the one the credential's owner cannot fix alone.
 */
export function credentialState(own: string, merchant: MerchantStatus): CredentialState {
  if (merchant !== 'active') return { active: false, reason: 'merchant_suspended' };
  if (own !== 'active') return { active: false, reason: 'credential_inactive' };
  return { active: true, reason: null };
}
