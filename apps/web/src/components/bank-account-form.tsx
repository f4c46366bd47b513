import type { UseMutationResult } from '@tanstack/react-query';
import { bankAccountBody, type BankAccountBody, type Profile } from '@tradepost/web-contract';
import { useState, type FormEvent } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Button } from './ui/button.tsx';
import { Facts } from './ui/misc.tsx';
import { MutationStatus } from './ui/states.tsx';
import { TextField } from './ui/text-field.tsx';
import { useFormCheck } from '../lib/zod-fields.ts';

const FIELDS = ['holder', 'bank_name', 'account_number', 'swift_or_routing'] as const;
type Field = (typeof FIELDS)[number];

/**
 * The bank account, shown masked, and the form that replaces it: the portal's own and an admin's
 * correction in the console (`update`, that side's mutation). The number is never shown again
 * once saved, on either side.
 */
export function BankAccountForm({
  profile,
  update,
}: {
  profile: Profile;
  update: UseMutationResult<Profile, Error, BankAccountBody>;
}) {
  const { t } = useTranslation();
  const bank = profile.bank_account;
  const [editing, setEditing] = useState(bank === null);
  // The account number is never shown again once saved: the form starts empty for it.
  const empty = {
    holder: bank?.holder ?? '',
    bank_name: bank?.bank_name ?? '',
    account_number: '',
    swift_or_routing: bank?.swift_or_routing ?? '',
  };
  const [values, setValues] = useState<Record<Field, string>>(empty);
  const form = useFormCheck(update);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = form.check(bankAccountBody, values);
    if (!parsed) return;
    update.mutate(parsed, {
      onSuccess: () => {
        setValues((v) => ({ ...v, account_number: '' }));
        setEditing(false);
      },
    });
  };

  return (
    <>
      {bank && !editing && (
        <>
          <Facts
            items={[
              [t('profile.field.holder'), bank.holder],
              [t('profile.field.bank_name'), bank.bank_name],
              [t('profile.field.account_number'), <span className="mono">{bank.account_number_masked}</span>],
              [t('profile.field.swift_or_routing'), <span className="mono">{bank.swift_or_routing}</span>],
            ]}
          />
          <div className="row section-row">
            <Button variant="secondary" onPress={() => setEditing(true)}>
              {t('profile.editBank')}
            </Button>
          </div>
        </>
      )}
      {!bank && !editing && <p>{t('profile.noBank')}</p>}
      {editing && (
        <Form
          onSubmit={onSubmit}
          className="form"
          validationBehavior="aria"
          aria-label={t('profile.bankAccount')}
        >
          <div className="grid">
            {FIELDS.map((k) => (
              <TextField
                key={k}
                label={t(`profile.field.${k}`)}
                description={
                  k === 'account_number'
                    ? t('profile.accountNumberHint')
                    : k === 'swift_or_routing'
                      ? t('profile.swiftHint')
                      : undefined
                }
                value={values[k]}
                onChange={(v) => setValues((s) => ({ ...s, [k]: v }))}
                errorMessage={form.fieldError(k)}
                autoComplete="off"
                isRequired
              />
            ))}
          </div>
          <div className="row">
            <Button type="submit" isPending={update.isPending}>
              {t('profile.saveBank')}
            </Button>
            {bank && (
              <Button variant="secondary" onPress={() => setEditing(false)}>
                {t('common.cancel')}
              </Button>
            )}
          </div>
        </Form>
      )}
      <MutationStatus
        isPending={update.isPending}
        isSuccess={update.isSuccess}
        error={update.error}
        onField={form.onField}
        successText={t('profile.bankSaved')}
      />
    </>
  );
}
