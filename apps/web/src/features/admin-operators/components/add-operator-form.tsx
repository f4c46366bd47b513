import {
  createOperatorBody,
  OPERATOR_ROLES,
  type CreatedOperator,
  type OperatorRole,
} from '@tradepost/web-contract';
import { useState, type FormEvent } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { Banner } from '../../../components/ui/misc.tsx';
import { SecretsDialog } from '../../../components/ui/secrets-dialog.tsx';
import { Select } from '../../../components/ui/select.tsx';
import { MutationStatus } from '../../../components/ui/states.tsx';
import { TextField } from '../../../components/ui/text-field.tsx';
import { useFormCheck } from '../../../lib/zod-fields.ts';
import { useCreateOperator } from '../api/operators.ts';

const EMPTY = { email: '', name: '', role: 'support' as OperatorRole };

/** A new console login with a generated password, shown once and changed at the first sign-in. */
export function AddOperatorForm() {
  const { t } = useTranslation();
  const create = useCreateOperator();
  const [values, setValues] = useState(EMPTY);
  const form = useFormCheck(create);
  const [added, setAdded] = useState<string | null>(null);
  const [shown, setShown] = useState<CreatedOperator | null>(null);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = form.check(createOperatorBody, values);
    if (!parsed) return;
    create.mutate(parsed, {
      onSuccess: (created) => {
        setValues(EMPTY);
        setAdded(created.operator.email);
        setShown(created);
      },
    });
  };
  return (
    <Form onSubmit={onSubmit} className="form" validationBehavior="aria" aria-label={t('console.team.add')}>
      <div className="grid">
        <TextField
          label={t('console.team.field.email')}
          value={values.email}
          onChange={(email) => setValues((s) => ({ ...s, email }))}
          errorMessage={form.fieldError('email')}
          isRequired
        />
        <TextField
          label={t('console.team.field.name')}
          description={t('console.team.nameHint')}
          value={values.name}
          onChange={(name) => setValues((s) => ({ ...s, name }))}
          errorMessage={form.fieldError('name')}
        />
        <Select
          label={t('console.team.field.role')}
          value={values.role}
          onChange={(role) => setValues((s) => ({ ...s, role: role as OperatorRole }))}
          options={OPERATOR_ROLES.map((r) => ({ id: r, label: t(`console.team.role.${r}`) }))}
        />
      </div>
      <p className="muted">{t(`console.team.roleHint.${values.role}`)}</p>
      <div className="row">
        <Button type="submit" isPending={create.isPending}>
          {t('console.team.add')}
        </Button>
      </div>
      <MutationStatus
        isPending={create.isPending}
        isSuccess={false}
        error={create.error}
        onField={form.onField}
      />
      {added && <Banner tone="success">{t('console.team.added', { email: added })}</Banner>}
      <SecretsDialog
        isOpen={shown !== null}
        title={t('console.merchants.tempPasswordTitle')}
        intro={t('console.team.tempPasswordIntro')}
        secrets={
          shown ? [{ label: t('console.merchants.tempPassword'), value: shown.temporary_password }] : []
        }
        onDone={() => {
          setShown(null);
          create.reset();
        }}
      />
    </Form>
  );
}
