import { FIELD_MESSAGES, readFieldMessage, type FieldMessageId } from '@tradepost/web-contract';
import type { TFunction } from 'i18next';
import { ApiError } from './api-client.ts';
import { fieldLabel } from './field-labels.ts';

/** How a message names the field it is said of: its form's label, or (a file's line) its column. */
type FieldLabeler = (t: TFunction, key: string) => string;

/** A Retry-After in words: seconds while it is short, else about so many minutes. */
export function waitText(t: TFunction, seconds: number): string {
  return seconds < 90
    ? t('errors.waitSeconds', { seconds })
    : t('errors.waitMinutes', { minutes: Math.round(seconds / 60) });
}

/** A message said of one field: `shipping_address.city: is required`, `skus[1].price: …`. */
const ON_FIELD = /^([A-Za-z_][\w.[\]]*): (.+)$/s;

/** An error in the reader's language: a known code gets its own sentence, else the server's message. */
export function errorText(t: TFunction, error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === 'rate_limited' || error.status === 429) {
      return t('errors.rate_limited', { wait: waitText(t, error.retryAfter ?? 60) });
    }
    const known = t(`errors.${error.code}`, { defaultValue: '' });
    if (known) return known;
    if (error.message && error.status > 0 && error.status < 500) return error.message;
    return t(error.status >= 500 ? 'errors.internal' : 'errors.unknown');
  }
  return t('errors.unknown');
}

/** A message whose text starts with its own words ("header: …"), not with a parameter. */
const startsWithWords = (id: FieldMessageId) => !FIELD_MESSAGES[id].startsWith('{{');

/**
 * A field's message (the contract's check or the server's `error.fields`) in the reader's
 * language: a message of the contract's catalog by its id, a parameter that is one itself (a
 * hint) or a list of them (a CSV header's problems) too, and one said of a field ("price: …")
 * with that field's label; any other text (a parser's own words) as it came.
 */
export function fieldText(t: TFunction, message: string, labelOf: FieldLabeler = fieldLabel): string {
  const known = readFieldMessage(message);
  // Several, one after the other (a line of a file with a bad price and a bad stock): each. But a
  // message that starts with its own words and holds such a list (a CSV header's) is that message.
  const parts = message.split(FIELD_MESSAGES[LIST_SEPARATOR]);
  if (parts.length > 1 && !(known && startsWithWords(known.id)) && parts.every(isFieldMessage))
    return parts.map((part) => fieldText(t, part, labelOf)).join(t(`fieldMessages.${LIST_SEPARATOR}`));
  // "price: …", as a line of a file or a batch item names its field: the field by its label.
  // Read first, or `{{value}} must be greater than 0` would take "price: \"0\"" as its value;
  // but a message that starts with those words itself ("header: …") is that message.
  const onField = ON_FIELD.exec(message);
  if (onField && !(known && startsWithWords(known.id)) && readFieldMessage(onField[2]!))
    return t('common.onField', { field: labelOf(t, onField[1]!), message: fieldText(t, onField[2]!) });
  if (!known) return message;
  const params = Object.fromEntries(
    Object.entries(known.params).map(([name, value]) => [name, paramText(t, value)]),
  );
  return t(`fieldMessages.${known.id}`, params);
}

const LIST_SEPARATOR: FieldMessageId = 'listSeparator';

/** A message of the catalog, or one said of a field ("price: …"). */
function isFieldMessage(message: string): boolean {
  const onField = ON_FIELD.exec(message);
  return (
    readFieldMessage(message) !== undefined ||
    (onField !== null && readFieldMessage(onField[2]!) !== undefined)
  );
}

/** A parameter: a catalog message, or several joined by listSeparator, each translated; else as it came. */
function paramText(t: TFunction, value: string): string {
  const parts = value.split(FIELD_MESSAGES[LIST_SEPARATOR]);
  if (parts.length > 1 && parts.every((part) => readFieldMessage(part)))
    return parts.map((part) => fieldText(t, part)).join(t(`fieldMessages.${LIST_SEPARATOR}`));
  return fieldText(t, value);
}

/** The server's message for one field (`shipping_address.city`), in the reader's language. */
export function fieldError(t: TFunction, error: unknown, path: string): string | undefined {
  const message = error instanceof ApiError ? error.fields?.[path] : undefined;
  return message === undefined ? undefined : fieldText(t, message);
}
