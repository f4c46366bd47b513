import type { FailingWebhookEndpoint } from '@tradepost/web-contract';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Button } from '../../../components/ui/button.tsx';
import { Banner, Card, DataTable, PageHeader, StatusBadge } from '../../../components/ui/misc.tsx';
import { NoteDialog } from '../../../components/ui/note-dialog.tsx';
import { MutationStatus, QueryView } from '../../../components/ui/states.tsx';
import { useCanManage } from '../../../lib/auth.ts';
import { useFormat } from '../../../lib/format.ts';
import { attemptFailureText } from '../../../lib/webhook-attempt.ts';
import { useFailingWebhooks } from '../api/get-failing.ts';
import { useResendFailed } from '../api/resend-failed.ts';
import { useSetEndpointStatus } from '../api/set-endpoint-status.ts';

type StatusAction = { endpoint: FailingWebhookEndpoint; to: 'enabled' | 'disabled' };

/**
 * Webhook endpoints failing now, or disabled for failing, across merchants: why (the latest failed
 * attempt), what waits (pending and failed deliveries), and for an admin what to do — disable or
 * enable one with a note, resend its failed deliveries. Support reads it only.
 */
export function FailingWebhooksPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const list = useFailingWebhooks();
  const canManage = useCanManage();
  const setStatus = useSetEndpointStatus();
  const resend = useResendFailed();
  const [action, setAction] = useState<StatusAction | null>(null);

  const statusDone = setStatus.variables
    ? t(`console.webhooks.done.${setStatus.variables.status}`, { url: setStatus.variables.url })
    : undefined;
  const resendDone = (() => {
    const sent = resend.data;
    const e = resend.variables;
    if (!sent || !e) return undefined;
    if (sent.queued === 0) return t('console.webhooks.done.resentNone', { url: e.url });
    const when = t(e.enabled ? 'console.webhooks.done.goesOut' : 'console.webhooks.done.onceEnabled');
    const more = sent.more ? ` ${t('console.webhooks.done.resentMore')}` : '';
    return `${t('console.webhooks.done.resent', { url: e.url, count: f.number(sent.queued) })} ${when}${more}`;
  })();

  return (
    <>
      <PageHeader title={t('console.webhooks.title')} />
      {!canManage && <Banner tone="info">{t('console.supportOnly')}</Banner>}
      <Card>
        <p className="muted">{t('console.webhooks.intro')}</p>
        <MutationStatus
          isPending={setStatus.isPending}
          isSuccess={setStatus.isSuccess}
          error={null}
          successText={statusDone}
          focusOnSuccess
        />
        <MutationStatus
          isPending={resend.isPending}
          isSuccess={resend.isSuccess}
          error={resend.error}
          pendingText={t('console.webhooks.resending')}
          successText={resendDone}
        />
        <QueryView query={list} isEmpty={(d) => d.items.length === 0} empty={t('console.webhooks.none')}>
          {(data) => (
            <DataTable
              label={t('console.webhooks.title')}
              columns={[
                t('console.webhooks.merchant'),
                t('webhooks.url'),
                t('webhooks.status'),
                t('console.webhooks.lastFailure'),
                t('console.webhooks.deliveries'),
                ...(canManage ? [t('common.actions')] : []),
              ]}
            >
              {data.items.map((e) => (
                <tr key={e.id}>
                  <td>
                    <Link to={`/admin/merchants/${encodeURIComponent(e.merchant_id)}`}>
                      {e.merchant_name}
                    </Link>
                    <div className="mono muted small nowrap">{e.merchant_id}</div>
                  </td>
                  <td>
                    <div className="mono break">{e.url}</div>
                    <div className="mono muted small nowrap">{e.id}</div>
                  </td>
                  <td>
                    <StatusBadge
                      status={e.status === 'enabled' ? 'failing' : e.status}
                      label={
                        e.status === 'enabled'
                          ? t('webhooks.endpointStatus.failing')
                          : t(`webhooks.disabledReason.${e.disabled_reason ?? 'merchant'}`)
                      }
                    />
                    {e.failing_since && (
                      <div className="muted small">
                        {t('webhooks.failingSince', { when: f.dateTime(e.failing_since) })}
                      </div>
                    )}
                  </td>
                  <td>
                    {e.last_failure ? (
                      <>
                        <div className="status-error">{attemptFailureText(t, e.last_failure)}</div>
                        <div className="muted small nowrap">{f.dateTime(e.last_failure.attempted_at)}</div>
                      </>
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                  <td>
                    <ul className="plain-list nowrap">
                      <li>{t('console.webhooks.pending', { count: f.number(e.pending_deliveries) })}</li>
                      <li>{t('console.webhooks.failed', { count: f.number(e.failed_deliveries) })}</li>
                    </ul>
                  </td>
                  {canManage && (
                    <td>
                      <div className="row">
                        <Button
                          size="sm"
                          variant="secondary"
                          aria-label={t(
                            e.status === 'enabled'
                              ? 'console.webhooks.disableUrl'
                              : 'console.webhooks.enableUrl',
                            { url: e.url },
                          )}
                          onPress={() =>
                            setAction({ endpoint: e, to: e.status === 'enabled' ? 'disabled' : 'enabled' })
                          }
                        >
                          {t(e.status === 'enabled' ? 'console.webhooks.disable' : 'console.webhooks.enable')}
                        </Button>
                        {e.failed_deliveries > 0 && (
                          <Button
                            size="sm"
                            variant="secondary"
                            isPending={resend.isPending && resend.variables?.id === e.id}
                            aria-label={t('console.webhooks.resendFailedTo', { url: e.url })}
                            onPress={() =>
                              resend.mutate({ id: e.id, url: e.url, enabled: e.status === 'enabled' })
                            }
                          >
                            {t('console.webhooks.resendFailed')}
                          </Button>
                        )}
                      </div>
                    </td>
                  )}
                </tr>
              ))}
            </DataTable>
          )}
        </QueryView>
      </Card>
      <NoteDialog
        isOpen={action !== null}
        onClose={() => {
          setAction(null);
          setStatus.reset();
        }}
        title={action ? t(`console.webhooks.confirm.${action.to}`) : ''}
        consequence={
          action ? t(`console.webhooks.consequence.${action.to}`, { url: action.endpoint.url }) : ''
        }
        noteLabel={t('console.actions.note')}
        noteHint={t('console.actions.noteHint')}
        confirmLabel={action ? t(`console.webhooks.confirm.${action.to}`) : ''}
        tone={action?.to === 'disabled' ? 'danger' : 'primary'}
        onConfirm={(note) =>
          action &&
          setStatus.mutate(
            { endpointId: action.endpoint.id, url: action.endpoint.url, status: action.to, note },
            { onSuccess: () => setAction(null) },
          )
        }
        isPending={setStatus.isPending}
        error={setStatus.error}
      />
    </>
  );
}
