import type { UseMutationResult } from '@tanstack/react-query';
import { profileBody, type Profile, type ProfileBody } from '@tradepost/web-contract';
import { useState, type FormEvent } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Button } from './ui/button.tsx';
import { MutationStatus } from './ui/states.tsx';
import { TextField } from './ui/text-field.tsx';
import { useFormCheck } from '../lib/zod-fields.ts';

const FIELDS = ['company_name', 'contact_name', 'contact_phone', 'company_address', 'country'] as const;
type Field = (typeof FIELDS)[number];

/** The form's fields as a profile holds them. */
const valuesOf = (profile: Profile): Record<Field, string> => ({
  company_name: profile.company_name,
  contact_name: profile.contact_name ?? '',
  contact_phone: profile.contact_phone ?? '',
  company_address: profile.company_address ?? '',
  country: profile.country ?? '',
});

/**
 * The merchant's profile form, one for both sides: the portal's Profile page saves the merchant's
 * own, the console's merchant page an admin's correction. `update` is that side's mutation; both
 * check with the contract's profileBody, the rules the server applies.
 */
export function ProfileForm({
  profile,
  update,
}: {
  profile: Profile;
  update: UseMutationResult<Profile, Error, ProfileBody>;
}) {
  const { t } = useTranslation();
  const [values, setValues] = useState(() => valuesOf(profile));
  const form = useFormCheck(update);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = form.check(profileBody, values);
    if (!parsed) return;
    // Saved, the fields show what was stored ('us' is kept as 'US', spaces around a value go), as
    // a reload would: not what was typed.
    update.mutate(parsed, { onSuccess: (saved) => setValues(valuesOf(saved)) });
  };

  return (
    <Form
      onSubmit={onSubmit}
      className="form"
      validationBehavior="aria"
      aria-label={t('profile.merchantInfo')}
    >
      <div className="grid">
        {FIELDS.map((k) => (
          <TextField
            key={k}
            label={t(`profile.field.${k}`)}
            description={k === 'country' ? t('address.countryHint') : undefined}
            value={values[k]}
            onChange={(v) => setValues((s) => ({ ...s, [k]: v }))}
            errorMessage={form.fieldError(k)}
            isRequired={k === 'company_name'}
            multiline={k === 'company_address'}
          />
        ))}
      </div>
      <div className="row">
        <Button type="submit" isPending={update.isPending}>
          {t('profile.save')}
        </Button>
      </div>
      <MutationStatus
        isPending={update.isPending}
        isSuccess={update.isSuccess}
        error={update.error}
        onField={form.onField}
        successText={t('profile.saved')}
      />
    </Form>
  );
}
