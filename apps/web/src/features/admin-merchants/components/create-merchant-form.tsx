import { createMerchantBody, type CreatedMerchant } from '@tradepost/web-contract';
import { useState, type FormEvent } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Button } from '../../../components/ui/button.tsx';
import { Banner } from '../../../components/ui/misc.tsx';
import { SecretsDialog } from '../../../components/ui/secrets-dialog.tsx';
import { MutationStatus } from '../../../components/ui/states.tsx';
import { TextField } from '../../../components/ui/text-field.tsx';
import { useFormCheck } from '../../../lib/zod-fields.ts';
import { useCreateMerchant } from '../api/create-merchant.ts';

/** The CLI's rules (the contract's schema); without a password one is generated and shown once. */
export function CreateMerchantForm() {
  const { t } = useTranslation();
  const create = useCreateMerchant();
  const [values, setValues] = useState({ email: '', name: '', credit_limit: '', currency: 'USD' });
  const form = useFormCheck(create);
  const [created, setCreated] = useState<CreatedMerchant | null>(null);
  const [shown, setShown] = useState<CreatedMerchant | null>(null);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = form.check(createMerchantBody, values);
    if (!parsed) return;
    create.mutate(parsed, {
      onSuccess: (m) => {
        setValues({ email: '', name: '', credit_limit: '', currency: 'USD' });
        setCreated({ merchant_id: m.merchant_id, email: m.email });
        if (m.temporary_password) setShown(m);
      },
    });
  };
  const field = (k: keyof typeof values, extra: { description?: string } = {}) => (
    <TextField
      label={t(`console.merchants.field.${k}`)}
      value={values[k]}
      onChange={(v) => setValues((s) => ({ ...s, [k]: v }))}
      errorMessage={form.fieldError(k)}
      isRequired={k !== 'currency'}
      {...extra}
    />
  );
  return (
    <Form
      onSubmit={onSubmit}
      className="form"
      validationBehavior="aria"
      aria-label={t('console.merchants.create')}
    >
      <div className="grid">
        {field('email')}
        {field('name')}
        {field('credit_limit', { description: t('console.merchants.limitHint') })}
        {field('currency')}
      </div>
      <div className="row">
        <Button type="submit" isPending={create.isPending}>
          {t('console.merchants.create')}
        </Button>
      </div>
      <MutationStatus
        isPending={create.isPending}
        isSuccess={false}
        error={create.error}
        onField={form.onField}
      />
      {created && (
        <Banner tone="success">
          {t('console.merchants.created', { email: created.email })}{' '}
          <Link to={`/admin/merchants/${encodeURIComponent(created.merchant_id)}`}>
            {t('console.merchants.open')}
          </Link>
        </Banner>
      )}
      <SecretsDialog
        isOpen={shown !== null}
        title={t('console.merchants.tempPasswordTitle')}
        intro={t('console.merchants.tempPasswordIntro')}
        secrets={
          shown?.temporary_password
            ? [{ label: t('console.merchants.tempPassword'), value: shown.temporary_password }]
            : []
        }
        onDone={() => {
          setShown(null);
          create.reset();
        }}
      />
    </Form>
  );
}
