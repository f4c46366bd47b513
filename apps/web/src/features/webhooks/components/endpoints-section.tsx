import {
  MAX_GRACE_HOURS,
  type WebhookEndpoint,
  type WebhookEndpointWithSecret,
} from '@tradepost/web-contract';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Button } from '../../../components/ui/button.tsx';
import { ConfirmDialog } from '../../../components/ui/confirm-dialog.tsx';
import { Card, DataTable, StatusBadge } from '../../../components/ui/misc.tsx';
import { SecretsDialog } from '../../../components/ui/secrets-dialog.tsx';
import { MutationStatus, QueryView } from '../../../components/ui/states.tsx';
import { TextField } from '../../../components/ui/text-field.tsx';
import { useFormat } from '../../../lib/format.ts';
import { useDeleteWebhookEndpoint } from '../api/delete-endpoint.ts';
import { useWebhookEndpoints } from '../api/get-endpoints.ts';
import { useRollWebhookSecret } from '../api/roll-secret.ts';
import { useSendMissedEvents } from '../api/send-missed.ts';
import { useSendTestEvent } from '../api/send-test.ts';
import { useUpdateWebhookEndpoint } from '../api/update-endpoint.ts';
import { CreateEndpointForm } from './create-endpoint-form.tsx';

const DEFAULT_GRACE_HOURS = 24;

/**
 * Endpoints: add (secret once), send a test event, send the events it missed while disabled, roll
 * the secret with a grace period, disable/enable, delete (confirmed, naming its URL).
 */
export function EndpointsSection() {
  const { t } = useTranslation();
  const f = useFormat();
  const endpoints = useWebhookEndpoints();
  const update = useUpdateWebhookEndpoint();
  const test = useSendTestEvent();
  const missed = useSendMissedEvents();
  const roll = useRollWebhookSecret();
  const remove = useDeleteWebhookEndpoint();
  const [rolling, setRolling] = useState<WebhookEndpoint | null>(null);
  const [deleting, setDeleting] = useState<WebhookEndpoint | null>(null);
  const [grace, setGrace] = useState(String(DEFAULT_GRACE_HOURS));
  const [graceError, setGraceError] = useState<string>();
  // The secret lives here only while the dialog is open.
  const [shown, setShown] = useState<WebhookEndpointWithSecret | null>(null);

  const onRoll = () => {
    if (!rolling) return false;
    const hours = /^\d+$/.test(grace.trim()) ? Number(grace.trim()) : NaN;
    if (!(hours >= 0 && hours <= MAX_GRACE_HOURS)) {
      setGraceError(t('webhooks.graceRule', { max: MAX_GRACE_HOURS }));
      return false;
    }
    setGraceError(undefined);
    roll.mutate(
      { endpointId: rolling.id, graceHours: hours },
      {
        onSuccess: (r) => {
          setRolling(null);
          setShown(r);
          roll.reset();
        },
        onError: () => setRolling(null),
      },
    );
  };

  const statusLabel = (e: WebhookEndpoint) =>
    e.status === 'enabled'
      ? e.failing_since
        ? t('webhooks.endpointStatus.failing')
        : t('webhooks.endpointStatus.enabled')
      : t(`webhooks.disabledReason.${e.disabled_reason ?? 'merchant'}`);

  return (
    <Card title={t('webhooks.endpoints')}>
      <p className="muted">{t('webhooks.intro')}</p>
      <p>
        <Link to="/api-docs#webhooks">{t('webhooks.docsLink')}</Link>
      </p>
      <CreateEndpointForm onCreated={setShown} />
      <QueryView query={endpoints} isEmpty={(d) => d.items.length === 0} empty={t('webhooks.none')}>
        {(data) => (
          <DataTable
            label={t('webhooks.endpoints')}
            columns={[
              t('webhooks.url'),
              t('webhooks.events'),
              t('webhooks.status'),
              t('webhooks.secret'),
              t('common.actions'),
            ]}
          >
            {data.items.map((e) => (
              <tr key={e.id}>
                <td>
                  <div className="mono break">{e.url}</div>
                  {e.description && <div className="muted">{e.description}</div>}
                  <div className="mono muted small nowrap">{e.id}</div>
                </td>
                <td>
                  {e.events.includes('*') ? (
                    t('webhooks.allEvents')
                  ) : (
                    <ul className="plain-list mono small nowrap">
                      {e.events.map((type) => (
                        <li key={type}>{type}</li>
                      ))}
                    </ul>
                  )}
                </td>
                <td>
                  <StatusBadge
                    status={e.status === 'enabled' && e.failing_since ? 'failing' : e.status}
                    label={statusLabel(e)}
                  />
                  {e.failing_since && (
                    <div className="muted small">
                      {t('webhooks.failingSince', { when: f.dateTime(e.failing_since) })}
                    </div>
                  )}
                </td>
                <td className="small">
                  {e.previous_secret_expires_at
                    ? t('webhooks.previousSecretUntil', {
                        when: f.dateTime(e.previous_secret_expires_at),
                      })
                    : t('webhooks.secretHidden')}
                </td>
                <td>
                  <div className="section-actions">
                    <Button
                      size="sm"
                      variant="secondary"
                      isDisabled={e.status !== 'enabled'}
                      isPending={test.isPending && test.variables === e.id}
                      aria-label={t('webhooks.sendTestTo', { url: e.url })}
                      onPress={() => test.mutate(e.id)}
                    >
                      {t('webhooks.sendTest')}
                    </Button>
                    <Button
                      size="sm"
                      variant="secondary"
                      isDisabled={e.status !== 'enabled'}
                      isPending={missed.isPending && missed.variables.id === e.id}
                      aria-label={t('webhooks.sendMissedTo', { url: e.url })}
                      onPress={() => missed.mutate({ id: e.id, url: e.url })}
                    >
                      {t('webhooks.sendMissed')}
                    </Button>
                    <Button
                      size="sm"
                      variant="secondary"
                      aria-label={t('webhooks.rollSecretOf', { url: e.url })}
                      onPress={() => {
                        setGrace(String(DEFAULT_GRACE_HOURS));
                        setGraceError(undefined);
                        setRolling(e);
                      }}
                    >
                      {t('webhooks.rollSecret')}
                    </Button>
                    <Button
                      size="sm"
                      variant="secondary"
                      isPending={update.isPending && update.variables.endpointId === e.id}
                      aria-label={t(e.status === 'enabled' ? 'webhooks.disableOf' : 'webhooks.enableOf', {
                        url: e.url,
                      })}
                      onPress={() => update.mutate({ endpointId: e.id, enabled: e.status !== 'enabled' })}
                    >
                      {t(e.status === 'enabled' ? 'webhooks.disable' : 'webhooks.enable')}
                    </Button>
                    <Button
                      size="sm"
                      variant="secondary"
                      aria-label={t('webhooks.deleteOf', { url: e.url })}
                      onPress={() => setDeleting(e)}
                    >
                      {t('webhooks.delete')}
                    </Button>
                  </div>
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </QueryView>
      {/* Live regions stay mounted (so changes are announced); idle ones take no room (styles.css). */}
      <div>
        <MutationStatus
          isPending={test.isPending}
          isSuccess={test.isSuccess}
          error={test.error}
          pendingText={t('webhooks.sendingTest')}
          successText={test.data ? t('webhooks.testQueued', { eventId: test.data.event_id }) : undefined}
        />
        <MutationStatus
          isPending={missed.isPending}
          isSuccess={missed.isSuccess}
          error={missed.error}
          pendingText={t('webhooks.sendingMissed')}
          successText={
            missed.data
              ? t(
                  missed.data.queued === 0
                    ? 'webhooks.noneMissed'
                    : missed.data.more
                      ? 'webhooks.missedMore'
                      : 'webhooks.missedQueued',
                  { url: missed.variables.url, count: missed.data.queued },
                )
              : undefined
          }
        />
        <MutationStatus
          isPending={update.isPending}
          isSuccess={update.isSuccess}
          error={update.error}
          successText={
            update.data
              ? t(`webhooks.statusChanged.${update.data.status}`, { url: update.data.url })
              : undefined
          }
        />
        <MutationStatus isPending={false} isSuccess={false} error={roll.error} />
        <MutationStatus
          isPending={remove.isPending}
          isSuccess={remove.isSuccess}
          error={remove.error}
          pendingText={t('webhooks.deleting')}
          successText={remove.variables ? t('webhooks.deleted', { url: remove.variables.url }) : undefined}
        />
      </div>
      <ConfirmDialog
        isOpen={deleting !== null}
        onOpenChange={(open) => !open && setDeleting(null)}
        title={t('webhooks.deleteTitle')}
        confirmLabel={t('webhooks.deleteConfirm')}
        isPending={remove.isPending}
        onConfirm={() => {
          if (!deleting) return false;
          remove.mutate({ id: deleting.id, url: deleting.url }, { onSettled: () => setDeleting(null) });
        }}
      >
        <p>{t('webhooks.deleteWarning', { url: deleting?.url ?? '' })}</p>
      </ConfirmDialog>
      <ConfirmDialog
        isOpen={rolling !== null}
        onOpenChange={(open) => !open && setRolling(null)}
        title={t('webhooks.rollTitle')}
        confirmLabel={t('webhooks.rollConfirm')}
        isPending={roll.isPending}
        onConfirm={onRoll}
      >
        <p>{t('webhooks.rollWarning', { url: rolling?.url ?? '' })}</p>
        <TextField
          label={t('webhooks.graceHours')}
          description={t('webhooks.graceHint', { max: MAX_GRACE_HOURS })}
          inputMode="numeric"
          value={grace}
          onChange={setGrace}
          errorMessage={graceError}
        />
      </ConfirmDialog>
      <SecretsDialog
        isOpen={shown !== null}
        title={t('webhooks.secretTitle')}
        intro={t('webhooks.secretIntro', { url: shown?.endpoint.url ?? '' })}
        secrets={shown ? [{ label: t('webhooks.signingSecret'), value: shown.secret }] : []}
        onDone={() => setShown(null)}
      />
    </Card>
  );
}
