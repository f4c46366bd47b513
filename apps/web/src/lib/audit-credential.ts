import type { TFunction } from 'i18next';

/**
 * The API credential an audited change came through (AuditEvent.actor_credential), as the console
 * names it: "via App APP…", "via API token …", "via the Action API key"; null when there was none.
 */
export function credentialText(t: TFunction, credential: string | null): string | null {
  if (!credential) return null;
  if (credential === 'api_key') return t('audit.credential.apiKey');
  const [kind, id] = [
    credential.slice(0, credential.indexOf(':')),
    credential.slice(credential.indexOf(':') + 1),
  ];
  if (kind === 'app') return t('audit.credential.app', { id });
  if (kind === 'token') return t('audit.credential.token', { id });
  // A credential kind this page does not know yet: shown as stored, never hidden.
  return credential;
}
