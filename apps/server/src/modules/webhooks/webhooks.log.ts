/** The delivery log (events and their deliveries) and the operators' list of failing endpoints. */
import { wireTime } from '../../shared/time.ts';
import { asParams, parseInput } from '../../shared/validation.ts';
import { listEventsSchema, LOG_DAYS, toEndpoint, toSummary } from './webhooks.dto.ts';
import { eventDetail } from './webhooks.lookup.ts';
import * as repo from './webhooks.repository.ts';
import type { WebhooksDeps, WebhooksService } from './webhooks.service.ts';

export function deliveryLog(
  deps: WebhooksDeps,
): Pick<WebhooksService, 'listEvents' | 'getEvent' | 'listFailingEndpoints'> {
  const { db } = deps;
  return {
    async listEvents(merchantId, params) {
      const p = parseInput(listEventsSchema, asParams(params));
      const since = new Date(Date.now() - LOG_DAYS * 86_400_000).toISOString();
      const { rows, ...total } = await repo.listEvents(db, merchantId, {
        page: p.page,
        pageSize: p.page_size,
        since,
        type: p.type,
        q: p.q,
      });
      const deliveries = await repo.deliveriesOfEvents(
        db,
        rows.map((r) => r.event_id),
      );
      return {
        items: rows.map((r) =>
          toSummary(
            r,
            deliveries.filter((d) => d.event_id === r.event_id),
          ),
        ),
        page: p.page,
        page_size: p.page_size,
        ...total,
      };
    },

    getEvent: (merchantId, eventId) => eventDetail(db, merchantId, eventId),

    async listFailingEndpoints() {
      const rows = await repo.failingEndpoints(db);
      const since = new Date(Date.now() - LOG_DAYS * 86_400_000).toISOString();
      const trouble = await repo.troubleOf(
        db,
        rows.map((r) => r.endpoint_id),
        since,
      );
      return rows.map((r) => {
        const t = trouble.get(r.endpoint_id);
        return {
          ...toEndpoint(r),
          merchant_id: r.merchant_id,
          merchant_name: r.merchant_name,
          last_failure: t?.last_attempted_at
            ? {
                attempted_at: wireTime(t.last_attempted_at),
                status_code: t.last_status_code,
                error: t.last_error,
              }
            : null,
          pending_deliveries: t?.pending ?? 0,
          failed_deliveries: t?.failed ?? 0,
        };
      });
    },
  };
}
