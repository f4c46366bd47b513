import { readFileSync } from 'node:fs';
import { randomAlphanumeric } from '../../shared/ids.ts';
import type { SecretBox } from '../../shared/secret-box.ts';
import type { WebhookEndpointRow } from './webhooks.table.ts';

/** webhooks.md: `whsec_` + 32 chars `[A-Za-z0-9]` (isWebhookSecret in the protocol checks the same form). */
export const newWebhookSecret = (): string => `whsec_${randomAlphanumeric(32)}`;

// Each seal names its row and role (AAD): a sealed secret copied to another row does not open.
export const secretContext = (endpointId: string) => `webhook_endpoints:${endpointId}:secret`;
export const previousSecretContext = (endpointId: string) =>
  `webhook_endpoints:${endpointId}:previous_secret`;

/** The secrets a delivery at `nowMs` is signed with: the current one, and the previous during its grace. */
export function endpointSecrets(box: SecretBox, ep: WebhookEndpointRow, nowMs: number): string[] {
  const secrets = [box.open(ep.secret_sealed, secretContext(ep.endpoint_id))];
  if (
    ep.previous_secret_sealed !== null &&
    ep.previous_secret_expires_at !== null &&
    Date.parse(ep.previous_secret_expires_at) > nowMs
  ) {
    secrets.push(box.open(ep.previous_secret_sealed, previousSecretContext(ep.endpoint_id)));
  }
  return secrets;
}

let agent: string | null = null;

/** `Tradepost/<version> (+webhooks)`: the server package's version, read once. */
export function userAgent(): string {
  if (agent !== null) return agent;
  let version = '0.0.0';
  for (const rel of ['../../../package.json', '../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.version && pkg.name?.includes('tradepost')) {
        version = pkg.version;
        break;
      }
    } catch {
      // the other location (the built bundle sits one level up from the sources)
    }
  }
  agent = `Tradepost/${version} (+webhooks)`;
  return agent;
}
