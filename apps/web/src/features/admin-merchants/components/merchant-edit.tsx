import { merchantEmailBody, type MerchantDetail, type MerchantEmailBody } from '@tradepost/web-contract';
import { useState, type FormEvent } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { BankAccountForm } from '../../../components/bank-account-form.tsx';
import { ProfileForm } from '../../../components/profile-form.tsx';
import { Button } from '../../../components/ui/button.tsx';
import { ConfirmDialog } from '../../../components/ui/confirm-dialog.tsx';
import { Card } from '../../../components/ui/misc.tsx';
import { MutationStatus } from '../../../components/ui/states.tsx';
import { TextField } from '../../../components/ui/text-field.tsx';
import { useFormCheck } from '../../../lib/zod-fields.ts';
import { useChangeMerchantEmail } from '../api/change-merchant-email.ts';
import { useUpdateMerchantBankAccount } from '../api/update-merchant-bank-account.ts';
import { useUpdateMerchantProfile } from '../api/update-merchant-profile.ts';

/**
 * An admin's corrections of the merchant's details: the portal's own Profile and bank account
 * forms (the same rules, the number never shown), and the login e-mail.
 */
export function MerchantEdit({ merchant, onClose }: { merchant: MerchantDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const id = merchant.profile.merchant_id;
  const updateProfile = useUpdateMerchantProfile(id);
  const updateBank = useUpdateMerchantBankAccount(id);
  return (
    <>
      <Card title={t('console.merchants.edit.profile')}>
        <ProfileForm profile={merchant.profile} update={updateProfile} />
      </Card>
      <Card title={t('console.merchants.field.email')}>
        <EmailForm merchant={merchant} />
      </Card>
      <Card title={t('profile.bankAccount')}>
        <BankAccountForm profile={merchant.profile} update={updateBank} />
      </Card>
      <div className="row">
        <Button variant="secondary" onPress={onClose}>
          {t('console.merchants.edit.close')}
        </Button>
      </div>
    </>
  );
}

/**
 * The login e-mail, changed after a confirmation that says what follows: the merchant is signed
 * out everywhere and its Action API integration must send the new address as its UserID.
 */
function EmailForm({ merchant }: { merchant: MerchantDetail }) {
  const { t } = useTranslation();
  const change = useChangeMerchantEmail(merchant.profile.merchant_id);
  const [email, setEmail] = useState(merchant.profile.email);
  const [confirming, setConfirming] = useState<MerchantEmailBody | null>(null);
  const form = useFormCheck(change);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = form.check(merchantEmailBody, { email });
    if (parsed) setConfirming(parsed);
  };
  const confirm = () => {
    if (!confirming) return;
    change.mutate(confirming, {
      // Saved, the field shows the address as stored (trimmed, lower-cased).
      onSuccess: (saved) => setEmail(saved.email),
      onSettled: () => setConfirming(null),
    });
  };

  return (
    <Form
      onSubmit={onSubmit}
      className="form"
      validationBehavior="aria"
      aria-label={t('console.merchants.field.email')}
    >
      <TextField
        label={t('console.merchants.field.email')}
        description={t('console.merchants.edit.emailHint')}
        type="email"
        autoComplete="off"
        value={email}
        onChange={(v) => {
          if (change.isSuccess) change.reset();
          setEmail(v);
        }}
        errorMessage={form.fieldError('email')}
        isRequired
      />
      <div className="row">
        <Button type="submit" isPending={change.isPending}>
          {t('console.merchants.edit.changeEmail')}
        </Button>
      </div>
      <MutationStatus
        isPending={change.isPending}
        isSuccess={change.isSuccess}
        error={change.error}
        onField={form.onField}
        successText={t('console.merchants.edit.emailChanged')}
      />
      <ConfirmDialog
        isOpen={confirming !== null}
        onOpenChange={(open) => !open && setConfirming(null)}
        title={t('console.merchants.edit.changeEmail')}
        confirmLabel={t('console.merchants.edit.changeEmail')}
        onConfirm={confirm}
        isPending={change.isPending}
      >
        {confirming && (
          <p>
            {t('console.merchants.edit.emailWarning', {
              company: merchant.profile.company_name,
              email: confirming.email,
            })}
          </p>
        )}
      </ConfirmDialog>
    </Form>
  );
}
