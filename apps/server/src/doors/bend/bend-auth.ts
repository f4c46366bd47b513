import { buildBendResponse, extractBendAuth, verifyBendRequest, type BendKeys } from '@tradepost/protocol';
import type { FastifyRequest } from 'fastify';
import type { Context } from '../../context.ts';
import type { DoorAuth } from '../rest-door.ts';

/**
 * The B-End App credentials: body encrypted under the Secret Key, request signed with the Sign Key,
 * and, once the caller is authenticated, every response encrypted and signed back (bend-v1.md).
 */
export function bendAuth(ctx: Context): DoorAuth {
  const lookupApp = (appId: string) => ctx.services.apps.lookupForAuth(appId);
  return {
    name: 'bend',
    matches: () => true,
    async authenticate(req: FastifyRequest) {
      const fields = extractBendAuth({
        method: req.method,
        headers: req.headers,
        query: { ...(req.query as Record<string, string | string[] | undefined>) },
        body: parseJsonBody(req.body),
      });
      if (!fields.ok) return fields;
      const verified = await verifyBendRequest(fields.value, {
        lookupApp,
        nonceStore: ctx.services.nonces,
        windowSeconds: ctx.config.timestampWindowSeconds,
      });
      if (!verified.ok) return verified;
      const { app, params } = verified.value;
      const keys: BendKeys = { secretKey: app.secretKey, signKey: app.signKey };
      return {
        ok: true,
        value: {
          merchantId: app.merchantId,
          readOnly: false,
          params,
          wrap: (payload) => buildBendResponse({ appId: app.appId, keys, payload }),
        },
      };
    },
  };
}

/** B-End bodies are JSON envelopes; anything else simply lacks the auth fields (1004). */
function parseJsonBody(body: unknown): unknown {
  if (typeof body !== 'string' || body.length === 0) return undefined;
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}
