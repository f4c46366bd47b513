import type { z } from 'zod';
import { fieldMessage, readFieldMessage } from './field-messages.ts';
/**
 * The one error body of the portal and console APIs. `code` is a stable string the web app
 * switches on (and translates); `message` is English for logs and fallbacks; `fields` names each
 * bad input field (by its JSON path, e.g. `shipping_address.country`, or `line 7` for an upload)
 * with what is wrong, in English: where one fits, a message of the catalog (field-messages.ts),
 * which the web app reads back to show in the reader's language.
 *
 * @example
 * ```ts
 * const body: ApiErrorBody = { error: { code: 'validation_failed', message: 'Check the fields', fields: { email: 'must be an email address' } } };
 * ```
 */
export interface ApiErrorBody {
  error: {
    code: ApiErrorCode;
    message: string;
    fields?: Record<string, string>;
  };
}

/** Every `error.code` either API answers, with the HTTP status that goes with it. */
export const API_ERRORS = {
  /** Malformed request (not JSON, wrong content type, unknown query shape). */
  bad_request: 400,
  /** Well-formed but invalid input: `fields` says which and why. */
  validation_failed: 400,
  /** No session, or it expired or was ended: sign in again. */
  unauthenticated: 401,
  /**
   * Sign-in only: the e-mail and password were right, and this login has two-step sign-in on:
   * send them again with `code` (or `recovery_code`). No session was opened.
   */
  two_factor_required: 401,
  /** Signed in, but this role may not do this (console `support`), nothing was changed. */
  forbidden: 403,
  /** A state-changing request without the session's `X-CSRF-Token`: nothing was changed. */
  csrf_failed: 403,
  /** The session must change its password first (after an operator reset). */
  password_change_required: 403,
  /** The merchant or its credit is not active. */
  account_inactive: 403,
  /** Unknown id, or one that belongs to another merchant (the two answer the same). */
  not_found: 404,
  /** A body of the wrong media type (state-changing requests are JSON only). */
  unsupported_media_type: 415,
  /** The request contradicts the current state (duplicate order no, illegal transition, taken e-mail). */
  conflict: 409,
  insufficient_credit: 402,
  out_of_stock: 409,
  /** Body over the size limit. */
  payload_too_large: 413,
  /** Too many requests or sign-in attempts: retry after the `Retry-After` header's seconds. */
  rate_limited: 429,
  internal: 500,
} as const satisfies Record<string, number>;

export type ApiErrorCode = keyof typeof API_ERRORS;

export const isApiErrorBody = (v: unknown): v is ApiErrorBody =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as ApiErrorBody).error === 'object' &&
  (v as ApiErrorBody).error !== null &&
  typeof (v as ApiErrorBody).error.code === 'string';

/**
 * A zod failure as `error.fields`: the first message per field, keyed by its path
 * (`shipping_address.city`), `_` for the body as a whole. The server answers with it and the web
 * app's own checks show theirs under the same keys.
 */
export function zodFields(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.map(String).join('.') : '_';
    fields[key] ??= catalogMessage(issue);
  }
  return fields;
}

/** The catalog's words for a value of the wrong type, by the type expected. */
const WRONG_TYPE: Partial<Record<string, 'notString' | 'notObject' | 'integer' | 'boolean'>> = {
  string: 'notString',
  object: 'notObject',
  number: 'integer',
  int: 'integer',
  boolean: 'boolean',
};

/**
 * An issue's message; a wrong type that its schema gave no words for ("Invalid input: expected
 * object, received null", zod's own English) in the catalog's, so it is clear and translated.
 */
function catalogMessage(issue: z.core.$ZodIssue): string {
  if (issue.code !== 'invalid_type' || readFieldMessage(issue.message)) return issue.message;
  const id = WRONG_TYPE[issue.expected];
  return id ? fieldMessage(id) : issue.message;
}
