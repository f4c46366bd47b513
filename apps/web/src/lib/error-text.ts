import type { TFunction } from 'i18next';
import { ApiError } from './api-client.ts';

/** An error in the reader's language: a known code gets its own sentence, else the server's message. */
export function errorText(t: TFunction, error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === 'rate_limited' || error.status === 429) {
      return t('errors.rate_limited', { seconds: error.retryAfter ?? 60 });
    }
    const known = t(`errors.${error.code}`, { defaultValue: '' });
    if (known) return known;
    if (error.message && error.status > 0 && error.status < 500) return error.message;
    return t(error.status >= 500 ? 'errors.internal' : 'errors.unknown');
  }
  return t('errors.unknown');
}

/** The server's message for one field (`shipping_address.city`), for the field to show. */
export function fieldError(error: unknown, path: string): string | undefined {
  return error instanceof ApiError ? error.fields?.[path] : undefined;
}
