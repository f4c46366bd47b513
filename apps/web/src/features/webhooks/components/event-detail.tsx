import type { WebhookEventSummary } from '@tradepost/web-contract';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Button } from '../../../components/ui/button.tsx';
import { DataTable, Facts, StatusBadge } from '../../../components/ui/misc.tsx';
import { MutationStatus, QueryView } from '../../../components/ui/states.tsx';
import { useFormat } from '../../../lib/format.ts';
import { attemptErrorText } from '../../../lib/webhook-attempt.ts';
import { useEndpointUrl, useWebhookEndpoints } from '../api/get-endpoints.ts';
import { useWebhookEvent } from '../api/get-event.ts';
import { useResendWebhookEvent } from '../api/resend-event.ts';
import { deliveryState, DeliveryStatusBadge, useDeliveryUrl } from './delivery-status.tsx';

/** One event: where it went, every attempt (status, latency, the answer's first bytes), its body, Resend. */
export function EventDetail({ eventId, onClose }: { eventId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const event = useWebhookEvent(eventId);
  const endpoints = useWebhookEndpoints();
  const resend = useResendWebhookEvent();
  const heading = useRef<HTMLHeadingElement>(null);
  // Opening an event moves focus to it, so keyboard and screen-reader users land where it appeared.
  useEffect(() => heading.current?.focus(), [eventId]);
  const endpointUrl = useEndpointUrl();
  const deliveryUrl = useDeliveryUrl();
  /** An endpoint's URL: as its delivery of this event names it (a deleted one's too), else as listed. */
  const urlIn = (event: WebhookEventSummary) => (endpointId: string) => {
    const d = event.deliveries.find((x) => x.endpoint_id === endpointId);
    return d ? deliveryUrl(d) : endpointUrl(endpointId);
  };
  /**
   * Enabled endpoints taking the event's type that it never went to: it may be sent to them now.
   * A test event is only ever for its own endpoint.
   */
  const notSentTo = (event: WebhookEventSummary) =>
    (endpoints.data?.items ?? []).filter(
      (e) =>
        e.status === 'enabled' &&
        (event.test_endpoint_id === null
          ? e.events.includes('*') || e.events.includes(event.type)
          : e.id === event.test_endpoint_id) &&
        !event.deliveries.some((d) => d.endpoint_id === e.id),
    );

  return (
    <section className="card" aria-labelledby="event-detail-title">
      <div className="page-header">
        <h2 className="card-title" id="event-detail-title" tabIndex={-1} ref={heading}>
          {t('webhooks.eventTitle', { eventId })}
        </h2>
        <Button size="sm" variant="ghost" onPress={onClose}>
          {t('webhooks.closeEvent')}
        </Button>
      </div>
      <QueryView query={event}>
        {(data) => {
          const urlOf = urlIn(data);
          // Resend to every endpoint: worth a button of its own when it went to several.
          const live = data.deliveries.filter((d) => d.endpoint_status !== 'deleted');
          const skipped = (resend.data?.in_flight ?? []).map(urlOf).join(', ');
          return (
            <>
              <Facts
                items={[
                  [t('webhooks.eventType'), <span className="mono">{data.type}</span>],
                  ...(data.about
                    ? [
                        [
                          t('webhooks.about'),
                          <Link className="mono" to={aboutHref(data.type, data.about)}>
                            {data.about}
                          </Link>,
                        ] as const,
                      ]
                    : []),
                  ...(data.test_endpoint_id
                    ? [
                        [
                          t('webhooks.testEventFor'),
                          <span className="mono break">{urlOf(data.test_endpoint_id)}</span>,
                        ] as const,
                      ]
                    : []),
                  [t('webhooks.created'), f.dateTime(data.created_at)],
                ]}
              />
              <h3>{t('webhooks.deliveries')}</h3>
              {data.deliveries.length === 0 ? (
                <p className="muted">{t(data.queued ? 'webhooks.queued' : 'webhooks.noDeliveries')}</p>
              ) : (
                <DataTable
                  label={t('webhooks.deliveries')}
                  columns={[
                    t('webhooks.endpoint'),
                    t('webhooks.status'),
                    t('webhooks.attemptsColumn'),
                    t('webhooks.nextAttempt'),
                    t('common.actions'),
                  ]}
                >
                  {data.deliveries.map((d) => (
                    <tr key={d.id}>
                      <td className="mono break">{deliveryUrl(d)}</td>
                      <td>
                        <DeliveryStatusBadge delivery={d} />
                      </td>
                      <td className="num">{f.number(d.attempts)}</td>
                      <td>
                        {deliveryState(d) === 'paused'
                          ? t('webhooks.pausedNote')
                          : d.next_attempt_at
                            ? f.dateTime(d.next_attempt_at)
                            : '—'}
                      </td>
                      <td>
                        {/* A deleted endpoint's delivery is history: nothing to resend it to. */}
                        {d.endpoint_status === 'deleted' ? (
                          <span className="muted">—</span>
                        ) : (
                          <Button
                            size="sm"
                            variant="secondary"
                            isPending={resend.isPending}
                            aria-label={t('webhooks.resendTo', { url: d.endpoint_url })}
                            onPress={() => resend.mutate({ eventId, endpointId: d.endpoint_id })}
                          >
                            {t('webhooks.resend')}
                          </Button>
                        )}
                      </td>
                    </tr>
                  ))}
                </DataTable>
              )}
              {live.length > 1 && (
                <p>
                  <Button
                    size="sm"
                    variant="secondary"
                    isPending={resend.isPending}
                    onPress={() => resend.mutate({ eventId })}
                  >
                    {t('webhooks.resendAll')}
                  </Button>
                </p>
              )}
              <SendToEndpoints
                endpoints={data.queued ? [] : notSentTo(data)}
                isPending={resend.isPending}
                onSend={(endpointId) => resend.mutate({ eventId, endpointId, first: true })}
              />
              <MutationStatus
                isPending={resend.isPending}
                isSuccess={resend.isSuccess}
                error={resend.error}
                pendingText={t('webhooks.resending')}
                successText={
                  skipped
                    ? t('webhooks.resentSkipping', { urls: skipped })
                    : t(resend.variables?.first ? 'webhooks.sent' : 'webhooks.resent')
                }
              />
              <h3>{t('webhooks.attempts')}</h3>
              {data.attempts.length === 0 ? (
                <p className="muted">{t('webhooks.noAttempts')}</p>
              ) : (
                <DataTable
                  label={t('webhooks.attempts')}
                  columns={[
                    t('webhooks.attemptedAt'),
                    t('webhooks.endpoint'),
                    t('webhooks.result'),
                    t('webhooks.latency'),
                    t('webhooks.response'),
                  ]}
                >
                  {data.attempts.map((a) => (
                    <tr key={a.id}>
                      <td className="nowrap">{f.dateTime(a.attempted_at)}</td>
                      <td className="mono break">{urlOf(a.endpoint_id)}</td>
                      <td>
                        <StatusBadge
                          status={a.succeeded ? 'succeeded' : 'failed'}
                          label={
                            a.status_code !== null
                              ? t('webhooks.httpStatus', { code: a.status_code })
                              : t('webhooks.noAnswer')
                          }
                        />
                      </td>
                      <td className="num nowrap">{t('webhooks.ms', { ms: f.number(a.latency_ms) })}</td>
                      <td>
                        {a.error && <div className="status-error small">{attemptErrorText(t, a.error)}</div>}
                        {a.response_excerpt ? (
                          <pre className="excerpt">{a.response_excerpt}</pre>
                        ) : (
                          !a.error && <span className="muted">—</span>
                        )}
                      </td>
                    </tr>
                  ))}
                </DataTable>
              )}
              <details className="event-body">
                <summary>{t('webhooks.body')}</summary>
                <pre className="excerpt">{JSON.stringify(data.body, null, 2)}</pre>
              </details>
            </>
          );
        }}
      </QueryView>
    </section>
  );
}

/** "Send to <url>" for each enabled endpoint that takes the event's type and never got it; nothing when none. */
function SendToEndpoints({
  endpoints,
  isPending,
  onSend,
}: {
  endpoints: readonly { id: string; url: string }[];
  isPending: boolean;
  onSend: (endpointId: string) => void;
}) {
  const { t } = useTranslation();
  if (endpoints.length === 0) return null;
  return (
    <>
      <p className="muted">{t('webhooks.notSentYet')}</p>
      <ul className="plain-list">
        {endpoints.map((e) => (
          <li key={e.id}>
            <Button size="sm" variant="secondary" isPending={isPending} onPress={() => onSend(e.id)}>
              {t('webhooks.sendTo', { url: e.url })}
            </Button>
          </li>
        ))}
      </ul>
    </>
  );
}

/** The portal page of what an event is about: its batch (batch_order.*), else its order. */
const aboutHref = (type: string, about: string) =>
  `/${type.startsWith('batch_order.') ? 'batches' : 'orders'}/${encodeURIComponent(about)}`;
