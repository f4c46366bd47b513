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

/**
 * Two-step sign-in: an authenticator app's time-based code (TOTP, RFC 6238: SHA-1, 6 digits,
 * 30-second steps, one step of drift either way), or one of the login's one-time recovery codes
 * instead. The same for both doors (a merchant's login, an operator).
 */
export const TOTP_DIGITS = 6;
/** How many recovery codes confirming the factor hands out (each works once). */
export const RECOVERY_CODE_COUNT = 10;
/** What the Security page says in the authenticator app (`issuer` of the otpauth:// URI). */
export const TOTP_ISSUER = 'Tradepost';

/** `code`: the 6 digits the app shows (spaces around them forgiven). */
export const totpCode = z
  .string({ error: textTypeError })
  .trim()
  .min(1, { ...fieldIssue('required'), abort: true })
  .max(TOTP_DIGITS, fieldIssue('totpCode'))
  .regex(/^[0-9]{6}$/, fieldIssue('totpCode'));

/**
 * `recovery_code`: 16 characters of lowercase base32 (80 random bits), shown in groups of four
 * (`abcd-efgh-jkmn-pqrs`); typed with or without the dashes, in either case.
 */
export const recoveryCode = z
  .string({ error: textTypeError })
  .trim()
  .min(1, { ...fieldIssue('required'), abort: true })
  .max(19, fieldIssue('recoveryCode'))
  .regex(/^[a-z2-7]{4}(-?[a-z2-7]{4}){3}$/i, fieldIssue('recoveryCode'));

/** A recovery code as stored (hashed) and compared: lowercase, without dashes. */
export const normalizeRecoveryCode = (code: string): string => code.trim().toLowerCase().replaceAll('-', '');

/** Either a code or a recovery code, never both (the sign-in's second step, turning the factor off). */
export const secondFactor = {
  code: totpCode.optional(),
  recovery_code: recoveryCode.optional(),
};
export const notBothCodes = {
  check: (v: { code?: string | undefined; recovery_code?: string | undefined }) =>
    v.code === undefined || v.recovery_code === undefined,
  issue: { ...fieldIssue('oneOfCodes'), path: ['recovery_code'] },
};

/** `POST /two-factor/confirm`: turns it on with a current code of the secret just shown. */
export const confirmTwoFactorBody = z.object({
  password: requiredString(PASSWORD_MAX_LENGTH, { trim: false }),
  code: totpCode,
});
export type ConfirmTwoFactorBody = z.infer<typeof confirmTwoFactorBody>;

/** `POST /two-factor/disable`: the password and a current code or an unused recovery code. */
export const disableTwoFactorBody = z
  .object({ password: requiredString(PASSWORD_MAX_LENGTH, { trim: false }), ...secondFactor })
  .refine(notBothCodes.check, notBothCodes.issue)
  .refine((v) => v.code !== undefined || v.recovery_code !== undefined, {
    ...fieldIssue('codeOrRecoveryCode'),
    path: ['code'],
  });
export type DisableTwoFactorBody = z.infer<typeof disableTwoFactorBody>;

/**
 * `GET /sessions`: one live browser session of the signed-in login (the Security page's "Where
 * you are signed in"). `id` names it for `DELETE /sessions/:id`; it is not its token, nor derived
 * from anything that opens it.
 */
export interface SignedInSession {
  id: string;
  created_at: string;
  last_seen_at: string;
  ip: string | null;
  user_agent: string | null;
  /** The session this request came with. */
  current: boolean;
}

/** `GET /two-factor`: whether it is on. Never the secret. */
export interface TwoFactorStatus {
  enabled: boolean;
  /** When it was turned on (ISO 8601), null while off. */
  enabled_at: string | null;
  /** Recovery codes not used yet (0 while off). */
  recovery_codes_left: number;
}

/**
 * `POST /two-factor/setup`: a new secret, shown this once (a later setup replaces it until one is
 * confirmed). `qr_svg_data_url` is the otpauth:// URI as a QR code, an SVG data URL.
 */
export interface TwoFactorSetup {
  /** Base32, for typing into the app by hand. */
  secret: string;
  otpauth_uri: string;
  qr_svg_data_url: string;
}

/** `POST /two-factor/confirm`: the recovery codes, shown once. */
export interface TwoFactorConfirmed {
  recovery_codes: string[];
}

/**
 * Signing in. A login with two-step sign-in on also sends `code` (or `recovery_code`): without
 * one, a right password answers 401 `two_factor_required` and the page asks for it.
 */
export const signInBody = z
  .object({
    email: requiredString(320),
    password: requiredString(PASSWORD_MAX_LENGTH, { trim: false }),
    ...secondFactor,
  })
  .refine(notBothCodes.check, notBothCodes.issue);
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
