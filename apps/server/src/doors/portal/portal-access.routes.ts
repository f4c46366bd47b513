import { portalApi, type AppView } from '@tradepost/web-contract';
import type { FastifyInstance } from 'fastify';
import type { Context } from '../../context.ts';
import { auditEntries } from '../../modules/audit/audit.entries.ts';
import { recordAudit } from '../../modules/audit/audit.service.ts';
import { type AppSummary, isUnknownApp } from '../../modules/apps/apps.service.ts';
import { notFound } from '../web/api-errors.ts';
import { addRoute } from '../web/route.ts';
import { portalGuard } from './portal-guard.ts';

const appView = (a: AppSummary): AppView => ({
  app_id: a.app_id,
  name: a.name,
  status: a.status,
  created_at: a.created_at,
  keys_rotated_at: a.keys_rotated_at,
  last_used_at: a.last_used_at,
});

/** The services answer another merchant's App as "unknown app" (4001): the portal says 404. */
async function ownApp<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (isUnknownApp(e)) throw notFound('No such App');
    throw e;
  }
}

/**
 * API access: B-End Apps, the Action API key, WallTech tokens, "Your Credentials". Every secret
 * is in the one answer that creates it (and the door's `Cache-Control: no-store`); each change
 * writes its audit entry in the same unit, with ids and flags only (audit.entries.ts: the CLI's
 * same changes record the same entries).
 */
export function portalAccessRoutes(scope: FastifyInstance, ctx: Context): void {
  const guard = portalGuard(ctx);
  const { services } = ctx;

  addRoute(scope, guard, portalApi.apps, {}, async ({ session }) => ({
    items: (await services.apps.list(session.merchantId)).map(appView),
  }));

  addRoute(scope, guard, portalApi.createApp, {}, async ({ body, session }) => {
    const keys = await services.apps.create(session.merchantId, body.name, {
      inUnit: (trx, app) => recordAudit(trx, session.actor, auditEntries.appCreated(session.merchantId, app)),
    });
    return { ...keys, name: body.name };
  });

  addRoute(scope, guard, portalApi.rotateApp, {}, async ({ params, session }) =>
    ownApp(async () => {
      let name = '';
      const keys = await services.apps.rotate(session.merchantId, params.appId!, {
        inUnit: async (trx, app) => {
          name = app.name;
          await recordAudit(trx, session.actor, auditEntries.appRotated(session.merchantId, app));
        },
      });
      return { ...keys, name };
    }),
  );

  addRoute(scope, guard, portalApi.setAppStatus, {}, async ({ params, body, session }) =>
    ownApp(async () =>
      appView(
        await services.apps.setStatus(session.merchantId, params.appId!, body.status, {
          inUnit: async (trx, { before, after }) => {
            const entry = auditEntries.appStatus(session.merchantId, before, after);
            if (entry) await recordAudit(trx, session.actor, entry);
          },
        }),
      ),
    ),
  );

  addRoute(scope, guard, portalApi.apiKey, {}, async ({ session }) => ({
    key: await services.apiKeys.get(session.login.email),
  }));

  addRoute(scope, guard, portalApi.generateApiKey, {}, async ({ body, session }) =>
    services.apiKeys.create(session.login.email, {
      readOnly: body.read_only,
      inUnit: (trx, key) =>
        recordAudit(trx, session.actor, auditEntries.apiKeyGenerated(session.merchantId, key)),
    }),
  );

  addRoute(scope, guard, portalApi.tokens, {}, async ({ session }) => ({
    items: await services.tokens.list(session.merchantId),
  }));

  addRoute(scope, guard, portalApi.createToken, {}, async ({ body, session }) =>
    services.tokens.create(
      session.merchantId,
      { name: body.name, readOnly: body.read_only, createdBy: session.login.userId },
      {
        inUnit: (trx, t) => recordAudit(trx, session.actor, auditEntries.tokenCreated(session.merchantId, t)),
      },
    ),
  );

  addRoute(scope, guard, portalApi.revokeToken, {}, async ({ params, session }) => {
    const revoked = await services.tokens.revoke(params.token!, session.merchantId, {
      inUnit: (trx, t) => recordAudit(trx, session.actor, auditEntries.tokenRevoked(session.merchantId, t)),
    });
    if (!revoked) throw notFound('No such token');
    return revoked;
  });

  addRoute(scope, guard, portalApi.credentials, {}, async ({ session, req }) => ({
    base_url: `${req.protocol}://${req.host}/api/v1`,
    apps: (await services.apps.list(session.merchantId)).map((a) => ({
      app_id: a.app_id,
      name: a.name,
      status: a.status,
    })),
  }));
}
