import {
  creditAfterEntry,
  creditEntryBody,
  creditEntryRefusal,
  type CreditEntryRefusal,
  formatMoney,
  parseMoney,
  type CreditEntryBody,
  type MerchantDetail,
} from '@tradepost/web-contract';
import { useEffect, useState, type FormEvent } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { ConfirmDialog } from '../../../components/ui/confirm-dialog.tsx';
import { NoteDialog } from '../../../components/ui/note-dialog.tsx';
import { SecretsDialog } from '../../../components/ui/secrets-dialog.tsx';
import { Select } from '../../../components/ui/select.tsx';
import { MutationStatus } from '../../../components/ui/states.tsx';
import { TextField } from '../../../components/ui/text-field.tsx';
import { useFormat } from '../../../lib/format.ts';
import { newIdempotencyKey } from '../../../lib/idempotency-key.ts';
import { useFormCheck } from '../../../lib/zod-fields.ts';
import { usePostCreditEntry } from '../api/post-credit-entry.ts';
import { useResetPassword } from '../api/reset-password.ts';
import { useResetTwoFactor } from '../api/reset-two-factor.ts';
import { useSetCreditStatus } from '../api/set-credit-status.ts';
import { useSetMerchantStatus } from '../api/set-merchant-status.ts';

type StatusAction = 'suspend' | 'reactivate' | 'freeze' | 'unfreeze' | 'resetTwoFactor';

/**
 * Status changes, each with the mandatory note, asked for in a dialog; and, first in the row, the
 * way to the details' corrections (`onEdit`, the page's).
 */
export function StatusActions({
  merchant,
  editing,
  onEdit,
}: {
  merchant: MerchantDetail;
  editing: boolean;
  onEdit: () => void;
}) {
  const { t } = useTranslation();
  const id = merchant.profile.merchant_id;
  const merchantStatus = useSetMerchantStatus(id);
  const creditStatus = useSetCreditStatus(id);
  const reset = useResetPassword(id);
  const resetTwoFactor = useResetTwoFactor(id);
  const [action, setAction] = useState<StatusAction | null>(null);
  const [confirmReset, setConfirmReset] = useState(false);
  const pending = merchantStatus.isPending || creditStatus.isPending || resetTwoFactor.isPending;

  const submit = (note: string) => {
    if (!action) return;
    const done = { onSuccess: () => setAction(null) };
    if (action === 'resetTwoFactor') {
      resetTwoFactor.mutate({ note }, done);
    } else if (action === 'suspend' || action === 'reactivate') {
      merchantStatus.mutate({ status: action === 'suspend' ? 'suspended' : 'active', note }, done);
    } else {
      creditStatus.mutate({ status: action === 'freeze' ? 'frozen' : 'active', note }, done);
    }
  };

  return (
    <>
      <div className="section-actions">
        <Button variant="secondary" onPress={onEdit} aria-expanded={editing}>
          {t('console.merchants.edit.open')}
        </Button>
        <Button
          variant="secondary"
          onPress={() => setAction(merchant.status === 'active' ? 'suspend' : 'reactivate')}
        >
          {t(merchant.status === 'active' ? 'console.actions.suspend' : 'console.actions.reactivate')}
        </Button>
        <Button
          variant="secondary"
          onPress={() => setAction(merchant.credit.status === 'active' ? 'freeze' : 'unfreeze')}
        >
          {t(merchant.credit.status === 'active' ? 'console.actions.freeze' : 'console.actions.unfreeze')}
        </Button>
        <Button variant="secondary" onPress={() => setConfirmReset(true)}>
          {t('console.actions.resetPassword')}
        </Button>
        {/* A lost phone: shown only while the merchant's login has two-step sign-in on. */}
        {merchant.two_factor_enabled && (
          <Button variant="secondary" onPress={() => setAction('resetTwoFactor')}>
            {t('console.actions.resetTwoFactor')}
          </Button>
        )}
      </div>
      <MutationStatus
        isPending={pending}
        isSuccess={merchantStatus.isSuccess || creditStatus.isSuccess || resetTwoFactor.isSuccess}
        error={merchantStatus.error ?? creditStatus.error ?? resetTwoFactor.error}
        successText={t('console.actions.done')}
      />
      <NoteDialog
        isOpen={action !== null}
        onClose={() => setAction(null)}
        title={action ? t(`console.actions.${action}`) : ''}
        consequence={
          action ? t(`console.actions.consequence.${action}`, { company: merchant.profile.company_name }) : ''
        }
        noteLabel={t('console.actions.note')}
        noteHint={t('console.actions.noteHint')}
        confirmLabel={action ? t(`console.actions.${action}`) : ''}
        onConfirm={submit}
        isPending={pending}
      />
      <ConfirmDialog
        isOpen={confirmReset}
        onOpenChange={setConfirmReset}
        title={t('console.actions.resetPassword')}
        confirmLabel={t('console.actions.resetConfirm')}
        onConfirm={() => reset.mutate(undefined, { onSettled: () => setConfirmReset(false) })}
        isPending={reset.isPending}
      >
        <p>{t('console.actions.resetWarning', { email: merchant.profile.email })}</p>
      </ConfirmDialog>
      <MutationStatus isPending={reset.isPending} isSuccess={false} error={reset.error} />
      <SecretsDialog
        isOpen={reset.data !== undefined}
        title={t('console.merchants.tempPasswordTitle')}
        intro={t('console.merchants.tempPasswordIntro')}
        secrets={
          reset.data
            ? [{ label: t('console.merchants.tempPassword'), value: reset.data.temporary_password }]
            : []
        }
        onDone={() => reset.reset()}
      />
    </>
  );
}

/**
 * A limit change, repayment or adjustment — each one ledger entry, the note mandatory. Money moves
 * only after a confirmation that restates it beside the line's figures now: an entry is never
 * edited or deleted, only corrected by another.
 */
export function CreditEntryForm({ merchant }: { merchant: MerchantDetail }) {
  const { t } = useTranslation();
  const f = useFormat();
  const post = usePostCreditEntry(merchant.profile.merchant_id);
  const [values, setValues] = useState<CreditEntryBody>({ type: 'repayment', amount: '', note: '' });
  const [confirming, setConfirming] = useState<CreditEntryBody | null>(null);
  const form = useFormCheck(post);
  const { credit } = merchant;
  // The figures as the page holds them, in minor units, for the rules and the "After:" line.
  const line = { used: parseMoney(credit.used) ?? 0, creditLimit: parseMoney(credit.credit_limit) ?? 0 };
  // A refusal by the credit rules, shown with its amounts as the page shows money ($203.22).
  const [refusal, setRefusal] = useState<CreditEntryRefusal | null>(null);
  // The line frozen or unfrozen since: the last entry's "Posted as …" is news no longer.
  const { reset: forgetPost } = post;
  useEffect(forgetPost, [credit.status, forgetPost]);
  // A new entry being written: the last one's answer ("Posted as …", or its refusal) is gone.
  const edit = (patch: Partial<CreditEntryBody>) => {
    if (post.isSuccess || post.isError) post.reset();
    setRefusal(null);
    setValues((s) => ({ ...s, ...patch }));
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = form.check(creditEntryBody, values);
    // The rules against the figures shown (the server decides again in its transaction).
    const ruled =
      parsed && creditEntryRefusal(line, { type: parsed.type, amount: parseMoney(parsed.amount)! });
    setRefusal(ruled || null);
    if (ruled) form.focusInvalid();
    // One key per confirmation: pressed twice, or retried after a lost answer, it posts one entry.
    if (parsed && !ruled) setConfirming({ ...parsed, idempotency_key: newIdempotencyKey() });
  };
  // The line as it will be: the amount parsed and checked against these figures before confirming.
  const after = (entry: CreditEntryBody) => {
    const next = creditAfterEntry(line, { type: entry.type, amount: parseMoney(entry.amount) ?? 0 });
    return {
      limit: f.money(formatMoney(next.creditLimit), credit.currency),
      used: f.money(formatMoney(next.used), credit.currency),
      available: f.money(formatMoney(next.creditLimit - next.used), credit.currency),
    };
  };
  const confirm = () => {
    if (!confirming) return;
    post.mutate(confirming, {
      onSuccess: () => setValues((v) => ({ ...v, amount: '', note: '' })),
      onSettled: () => setConfirming(null),
    });
  };
  return (
    <Form
      onSubmit={onSubmit}
      className="form"
      validationBehavior="aria"
      aria-label={t('console.credit.title')}
    >
      <div className="grid">
        <Select
          label={t('tx.type')}
          value={values.type}
          onChange={(v) => edit({ type: v as CreditEntryBody['type'] })}
          options={(['repayment', 'limit_change', 'adjustment'] as const).map((ty) => ({
            id: ty,
            label: t(`txType.${ty}`),
          }))}
        />
        <TextField
          label={t('tx.amount')}
          description={t(`console.credit.hint.${values.type}`)}
          value={values.amount}
          onChange={(v) => edit({ amount: v })}
          errorMessage={
            refusal
              ? t(
                  `fieldMessages.${refusal.id}`,
                  Object.fromEntries(
                    Object.entries(refusal.params).map(([k, v]) => [k, f.money(String(v), credit.currency)]),
                  ),
                )
              : form.fieldError('amount')
          }
          isRequired
        />
      </div>
      <TextField
        label={t('console.actions.note')}
        // Unlike a freeze's note (operators only), an entry's note is its description: the merchant reads it.
        description={t('console.credit.noteHint')}
        value={values.note}
        onChange={(v) => edit({ note: v })}
        errorMessage={form.fieldError('note')}
        isRequired
        multiline
      />
      <div className="row">
        <Button type="submit" isPending={post.isPending}>
          {t('console.credit.post')}
        </Button>
      </div>
      <MutationStatus
        isPending={post.isPending}
        isSuccess={post.isSuccess}
        error={post.error}
        onField={form.onField}
        successText={post.data ? t('console.credit.posted', { ref: post.data.reference_no }) : undefined}
      />
      <ConfirmDialog
        isOpen={confirming !== null}
        onOpenChange={(open) => !open && setConfirming(null)}
        title={confirming ? t(`console.credit.confirm.${confirming.type}`) : ''}
        confirmLabel={t('console.credit.post')}
        onConfirm={confirm}
        isPending={post.isPending}
        tone="primary"
      >
        {confirming && (
          <>
            <p>
              {t('console.credit.confirmWhat', {
                amount: f.money(confirming.amount, credit.currency),
                company: merchant.profile.company_name,
              })}
            </p>
            <p>
              {t('console.credit.confirmNow', {
                limit: f.money(credit.credit_limit, credit.currency),
                used: f.money(credit.used, credit.currency),
                available: f.money(credit.available, credit.currency),
              })}
            </p>
            <p>{t('console.credit.confirmAfter', after(confirming))}</p>
            <p className="muted">{t('console.credit.confirmFinal')}</p>
          </>
        )}
      </ConfirmDialog>
    </Form>
  );
}
