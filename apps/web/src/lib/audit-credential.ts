import type { TFunction } from 'i18next';

/**
 * The API credential an audited change came through (AuditEvent.actor_credential), as the console
 * names it: "via App APP…", "via API token …", "via the Action API key"; null when there was none.
 */
export function credentialText(t: TFunction, credential: string | null): string | null {
  if (!credential) return null;
  if (credential === 'api_key') return t('audit.credential.apiKey');
  const [, kind, id] = /^(app|token):(.+)$/.exec(credential) ?? [];
  if (kind) return t(`audit.credential.${kind}`, { id });
  // A credential kind this page does not know yet: shown as stored, never hidden.
  return credential;
}
