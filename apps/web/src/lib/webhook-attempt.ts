import type { TFunction } from 'i18next';

/**
 * Why a webhook attempt got no answer, in the reader's language: the portal's delivery log and the
 * console's failing endpoints say it alike. The server records a kind and the system's code
 * (`dns: ENOTFOUND`, `connection: ECONNREFUSED`, `timeout`); the code stays, in brackets, for
 * whoever debugs the receiver.
 */
export function attemptErrorText(t: TFunction, error: string): string {
  const [kind = '', detail = ''] = error.split(/: (.*)/s);
  const known = ['timeout', 'connection', 'dns', 'blocked_address', 'internal'];
  return known.includes(kind) ? t(`webhooks.attemptError.${kind}`, { detail }) : error;
}

/** A failed attempt in a few words: its HTTP status, else why no answer came. */
export function attemptFailureText(
  t: TFunction,
  a: { status_code: number | null; error: string | null },
): string {
  if (a.status_code !== null) return t('webhooks.httpStatus', { code: a.status_code });
  return a.error ? attemptErrorText(t, a.error) : t('webhooks.noAnswer');
}
