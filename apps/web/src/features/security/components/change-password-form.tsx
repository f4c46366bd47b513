import { changePasswordBody, PASSWORD_MIN_LENGTH } from '@tradepost/web-contract';
import { useState, type FormEvent } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { MutationStatus } from '../../../components/ui/states.tsx';
import { TextField } from '../../../components/ui/text-field.tsx';
import type { Area } from '../../../lib/api-client.ts';
import { useFormCheck } from '../../../lib/zod-fields.ts';
import { useChangePassword } from '../api/change-password.ts';

export function ChangePasswordForm({ area }: { area: Area }) {
  const { t } = useTranslation();
  const change = useChangePassword(area);
  const [values, setValues] = useState({ current_password: '', new_password: '', confirm_password: '' });
  const form = useFormCheck(change);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = form.check(changePasswordBody, values);
    if (!parsed) return;
    change.mutate(parsed, {
      onSuccess: () => setValues({ current_password: '', new_password: '', confirm_password: '' }),
    });
  };
  const field = (k: keyof typeof values, autoComplete: string, description?: string) => (
    <TextField
      label={t(`security.${k}`)}
      type="password"
      autoComplete={autoComplete}
      description={description}
      value={values[k]}
      onChange={(v) => setValues((s) => ({ ...s, [k]: v }))}
      errorMessage={form.fieldError(k)}
      isRequired
    />
  );

  return (
    <Form
      onSubmit={onSubmit}
      className="form narrow"
      validationBehavior="aria"
      aria-label={t('security.changePassword')}
    >
      {field('current_password', 'current-password')}
      {field('new_password', 'new-password', t('security.passwordRule', { min: PASSWORD_MIN_LENGTH }))}
      {field('confirm_password', 'new-password')}
      <div className="row">
        <Button type="submit" isPending={change.isPending}>
          {t('security.changePassword')}
        </Button>
      </div>
      <MutationStatus
        isPending={change.isPending}
        isSuccess={change.isSuccess}
        error={change.error}
        onField={form.onField}
        successText={t('security.passwordChanged')}
      />
    </Form>
  );
}
