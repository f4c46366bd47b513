import { createWebhookBody, type WebhookEndpointWithSecret } from '@tradepost/web-contract';
import { useState, type FormEvent } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { MutationStatus } from '../../../components/ui/states.tsx';
import { TextField } from '../../../components/ui/text-field.tsx';
import { useFormCheck } from '../../../lib/zod-fields.ts';
import { useCreateWebhookEndpoint } from '../api/create-endpoint.ts';
import { useWebhookEndpoints } from '../api/get-endpoints.ts';
import { useWebhookSettings } from '../api/get-settings.ts';
import { EventsPicker, type EventChoice } from './events-picker.tsx';

/** Add an endpoint: URL, optional description, events. The answer's secret goes to `onCreated` only. */
export function CreateEndpointForm({ onCreated }: { onCreated: (r: WebhookEndpointWithSecret) => void }) {
  const { t } = useTranslation();
  const create = useCreateWebhookEndpoint();
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [events, setEvents] = useState<EventChoice[]>(['*']);
  const form = useFormCheck(create);
  // Allowed (one receiver may take two event sets), but each event both listen to arrives twice: say so.
  const sameUrl = useWebhookEndpoints().data?.items.find((ep) => ep.url === url.trim());
  // A test server that also takes http:// and local receivers says so, rather than asking for https://.
  const anyAddress = useWebhookSettings().data?.private_addresses_allowed === true;

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = form.check(createWebhookBody, { url, events, description: description || null });
    if (!parsed) return;
    create.mutate(parsed, {
      onSuccess: (r) => {
        setUrl('');
        setDescription('');
        setEvents(['*']);
        onCreated(r);
        // The secret is in the dialog now; the mutation must not keep a copy.
        create.reset();
      },
    });
  };

  return (
    <Form onSubmit={onSubmit} className="form" aria-label={t('webhooks.add')} validationBehavior="aria">
      <TextField
        label={t('webhooks.url')}
        description={
          sameUrl
            ? t('webhooks.urlTaken', { id: sameUrl.id })
            : t(anyAddress ? 'webhooks.urlHintAnyAddress' : 'webhooks.urlHint')
        }
        type="url"
        inputMode="url"
        value={url}
        onChange={setUrl}
        errorMessage={form.fieldError('url')}
        isRequired
      />
      <TextField
        label={t('webhooks.description')}
        value={description}
        onChange={setDescription}
        errorMessage={form.fieldError('description')}
      />
      <EventsPicker value={events} onChange={setEvents} errorMessage={form.fieldError('events')} />
      <div className="row">
        <Button type="submit" isPending={create.isPending}>
          {t('webhooks.add')}
        </Button>
      </div>
      <MutationStatus
        isPending={create.isPending}
        isSuccess={false}
        error={create.error}
        onField={form.onField}
        pendingText={t('webhooks.adding')}
      />
    </Form>
  );
}
