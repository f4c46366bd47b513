import { WEBHOOK_EVENT_TYPES, webhookEventsQuery, type WebhookDelivery } from '@tradepost/web-contract';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { FilterSelect, SearchForm } from '../../../components/list-filters.tsx';
import { Button } from '../../../components/ui/button.tsx';
import { Card, DataTable, Pagination } from '../../../components/ui/misc.tsx';
import { QueryView } from '../../../components/ui/states.tsx';
import { useFormat } from '../../../lib/format.ts';
import { oneOfOrUndefined, useUrlFilters } from '../../../lib/use-url-filters.ts';
import { useWebhookEvents } from '../api/get-events.ts';
import { deliveryState, DeliveryStatusBadge, useDeliveryUrl } from './delivery-status.tsx';
import { EventDetail } from './event-detail.tsx';

/** Events of the last 30 days, newest first, each with where it went; one opens in detail (`?event=`). */
export function DeliveryLog() {
  const { t } = useTranslation();
  const f = useFormat();
  const filters = useUrlFilters();
  const type = filters.get('type');
  const q = filters.get('q');
  const open = filters.get('event');
  const list = useWebhookEvents({
    type: oneOfOrUndefined(type, WEBHOOK_EVENT_TYPES),
    q: filters.valid('q', webhookEventsQuery.shape.q),
    page: filters.page,
    page_size: 20,
  });
  const go = filters.update;
  // Closing an event's detail removes its Close button: focus goes back to the event's Details.
  const closed = useRef<string | null>(null);
  useEffect(() => {
    if (open || !closed.current) return;
    document.getElementById(detailsId(closed.current))?.focus();
    closed.current = null;
  }, [open]);

  return (
    <>
      <Card title={t('webhooks.log')}>
        <p className="muted">{t('webhooks.logIntro')}</p>
        <div className="filters">
          <FilterSelect
            label={t('webhooks.eventType')}
            allLabel={t('webhooks.allTypes')}
            value={type}
            onChange={(v) => go({ type: v, event: '' })}
            options={WEBHOOK_EVENT_TYPES.map((ty) => ({ id: ty, label: ty }))}
          />
          <SearchForm
            label={t('webhooks.search')}
            placeholder={t('webhooks.searchHint')}
            initial={q}
            onSearch={(v) => go({ q: v, event: '' })}
            rule={webhookEventsQuery.shape.q}
          />
        </div>
        <QueryView
          query={list}
          isEmpty={(d) => d.items.length === 0}
          empty={t(q || type ? 'webhooks.noneMatching' : 'webhooks.noEvents')}
        >
          {(data) => (
            <>
              <DataTable
                label={t('webhooks.log')}
                columns={[
                  t('webhooks.eventType'),
                  t('webhooks.eventId'),
                  t('webhooks.created'),
                  t('webhooks.deliveries'),
                  t('common.actions'),
                ]}
              >
                {data.items.map((e) => (
                  <tr key={e.id} aria-current={e.id === open ? 'true' : undefined}>
                    <td className="nowrap">
                      <span className="mono">{e.type}</span>
                      {e.about && <div className="mono small muted">{e.about}</div>}
                      {e.test_endpoint_id && <div className="small muted">{t('webhooks.testEvent')}</div>}
                    </td>
                    <td className="mono small nowrap">{e.id}</td>
                    <td className="nowrap">{f.dateTime(e.created_at)}</td>
                    <td>
                      {e.deliveries.length === 0 ? (
                        <span className="muted">
                          {t(e.queued ? 'webhooks.queued' : 'webhooks.noDeliveries')}
                        </span>
                      ) : (
                        <DeliveryBadges deliveries={e.deliveries} />
                      )}
                    </td>
                    <td>
                      <Button
                        id={detailsId(e.id)}
                        size="sm"
                        variant="secondary"
                        aria-label={t('webhooks.showEvent', { eventId: e.id })}
                        onPress={() => go({ event: e.id, page: String(filters.page) })}
                      >
                        {t('webhooks.details')}
                      </Button>
                    </td>
                  </tr>
                ))}
              </DataTable>
              <Pagination of={data} onPage={(p) => go({ page: String(p), event: '' })} />
            </>
          )}
        </QueryView>
      </Card>
      {/* Keyed by event: another event opens with its own state, not the last one's Resend status. */}
      {open && (
        <EventDetail
          key={open}
          eventId={open}
          onClose={() => {
            closed.current = open;
            go({ event: '', page: String(filters.page) });
          }}
        />
      )}
    </>
  );
}

const detailsId = (eventId: string) => `event-details-${eventId}`;

/**
 * One badge per delivery: the endpoint it is for, its status and how many attempts it took (with
 * several endpoints, which one is failing is read here, not only in the event's detail).
 */
function DeliveryBadges({ deliveries }: { deliveries: readonly WebhookDelivery[] }) {
  const { t } = useTranslation();
  const f = useFormat();
  const urlOf = useDeliveryUrl();
  return (
    <ul className="plain-list">
      {deliveries.map((d) => (
        <li key={d.id}>
          <div className="mono small muted break">{urlOf(d)}</div>
          <DeliveryStatusBadge delivery={d} />{' '}
          <span className="small muted">{t('webhooks.attemptCount', { n: f.number(d.attempts) })}</span>
          {deliveryState(d) === 'paused' && <div className="small muted">{t('webhooks.pausedNote')}</div>}
          {deliveryState(d) === 'retrying' && d.next_attempt_at && (
            <div className="small muted">
              {t('webhooks.retryNote', { at: f.dateTime(d.next_attempt_at) })}
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}
