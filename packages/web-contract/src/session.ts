import { z } from 'zod';
import { requiredString, textTypeError } from './common.ts';
import { fieldIssue } from './field-messages.ts';

/**
 * Signing in and out, for both the portal (merchants) and the console (operators). The session
 * lives in an HttpOnly cookie the browser cannot read; the CSRF token it answers must be sent as
 * the `X-CSRF-Token` header on every state-changing request (POST, PUT, PATCH, DELETE).
 */
export const CSRF_HEADER = 'x-csrf-token';

/** The minimum strength of a new password (ASVS 2.1.1: at least 12 characters, no composition rules). */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 1024;

export const signInBody = z.object({
  email: requiredString(320),
  password: requiredString(PASSWORD_MAX_LENGTH, { trim: false }),
});
export type SignInBody = z.infer<typeof signInBody>;

export const newPassword = z
  .string({ error: textTypeError })
  .min(PASSWORD_MIN_LENGTH, fieldIssue('minChars', { min: PASSWORD_MIN_LENGTH }))
  .max(PASSWORD_MAX_LENGTH, fieldIssue('maxChars', { max: PASSWORD_MAX_LENGTH }))
  .refine((p) => new Set(p).size >= 4, fieldIssue('tooSimple'));

export const changePasswordBody = z
  .object({
    current_password: requiredString(PASSWORD_MAX_LENGTH, { trim: false }),
    new_password: newPassword,
    confirm_password: z.string({ error: textTypeError }),
  })
  .refine((v) => v.new_password === v.confirm_password, {
    ...fieldIssue('passwordMismatch'),
    path: ['confirm_password'],
  })
  .refine((v) => v.new_password !== v.current_password, {
    ...fieldIssue('samePassword'),
    path: ['new_password'],
  });
export type ChangePasswordBody = z.infer<typeof changePasswordBody>;

/** What both doors' session answers hold besides who is signed in. */
export interface SessionBase {
  /** Send it back as the `X-CSRF-Token` header on every state-changing request. */
  csrf_token: string;
  /** After an operator reset: only changing the password (and signing out) is allowed. */
  must_change_password: boolean;
  /** When the session ends at the latest (absolute timeout), ISO 8601. */
  expires_at: string;
  /** Inactivity longer than this ends the session. */
  idle_timeout_seconds: number;
}

/** The portal's `GET/POST /session` answer. */
export interface PortalSession extends SessionBase {
  user: {
    email: string;
    merchant_id: string;
    merchant_name: string;
    merchant_status: 'active' | 'suspended';
  };
}

export const OPERATOR_ROLES = ['admin', 'support'] as const;
export type OperatorRole = (typeof OPERATOR_ROLES)[number];

/**
 * The roles that manage: create merchants, change their status, move money, reset passwords and
 * change the catalog. `support` reads everything and moves orders. The server refuses the others
 * (403); the console does not offer them what they would be refused.
 */
export const MANAGING_ROLES: readonly OperatorRole[] = ['admin'];

/** The console's `GET/POST /session` answer. */
export interface AdminSession extends SessionBase {
  operator: {
    operator_id: string;
    email: string;
    name: string;
    role: OperatorRole;
  };
}
