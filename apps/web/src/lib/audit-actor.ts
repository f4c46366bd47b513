import type { AuditEvent } from '@tradepost/web-contract';
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

/**
 * Who did it, as the console names them: the e-mail signed in with (or "Operator CLI"); a
 * merchant acting through an API credential, which has no e-mail, by the merchant's name; else
 * the kind of actor ("System", "Anonymous").
 */
export function actorText(t: TFunction, e: AuditEvent): string {
  // The operator CLI is recorded as the system labelled `cli`: named in words, not by its tag.
  if (e.actor_type === 'system' && e.actor_label === 'cli') return t('audit.actor.cli');
  if (e.actor_label) return e.actor_label;
  if (e.actor_type === 'merchant' && e.merchant_name) return e.merchant_name;
  return t(`audit.actor.${e.actor_type}`);
}
