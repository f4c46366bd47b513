import { moneyInput } from '@tradepost/web-contract';
import { useEffect, useState, type FormEvent } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { Card } from '../../../components/ui/misc.tsx';
import { MutationStatus, QueryView } from '../../../components/ui/states.tsx';
import { TextField } from '../../../components/ui/text-field.tsx';
import { fieldError, fieldText } from '../../../lib/error-text.ts';
import { useWebhookSettings } from '../api/get-settings.ts';
import { useUpdateWebhookSettings } from '../api/update-settings.ts';

/** The `credit.low` threshold: an amount, or empty for off. */
export function SettingsSection() {
  const { t } = useTranslation();
  const settings = useWebhookSettings();
  const save = useUpdateWebhookSettings();
  const [threshold, setThreshold] = useState('');
  const [local, setLocal] = useState<string>();
  const current = settings.data?.credit_low_threshold;
  useEffect(() => setThreshold(current ?? ''), [current]);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const value = threshold.trim();
    if (value !== '') {
      const parsed = moneyInput.safeParse(value);
      if (!parsed.success || value.startsWith('-'))
        return setLocal(
          parsed.success ? t('webhooks.thresholdRule') : fieldText(t, parsed.error.issues[0]!.message),
        );
    }
    setLocal(undefined);
    save.mutate({ credit_low_threshold: value === '' ? null : value });
  };

  return (
    <Card title={t('webhooks.creditLow')}>
      <QueryView query={settings}>
        {() => (
          <Form
            onSubmit={onSubmit}
            className="form"
            aria-label={t('webhooks.creditLow')}
            validationBehavior="aria"
          >
            <TextField
              label={t('webhooks.threshold')}
              description={t('webhooks.thresholdHint')}
              inputMode="decimal"
              value={threshold}
              onChange={setThreshold}
              errorMessage={local ?? fieldError(t, save.error, 'credit_low_threshold')}
            />
            {/* Under the field, not beside it: beside, it lined up with the hint below the input. */}
            <div className="row">
              <Button type="submit" variant="secondary" isPending={save.isPending}>
                {t('common.save')}
              </Button>
            </div>
          </Form>
        )}
      </QueryView>
      <MutationStatus
        isPending={save.isPending}
        isSuccess={save.isSuccess}
        error={save.error}
        successText={save.data?.credit_low_threshold ? t('common.saved') : t('webhooks.thresholdOff')}
        onField={(path) => path === 'credit_low_threshold'}
      />
    </Card>
  );
}
