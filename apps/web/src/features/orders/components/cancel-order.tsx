import { canCancel, type Order } from '@tradepost/web-contract';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { ConfirmDialog } from '../../../components/ui/confirm-dialog.tsx';
import { MutationStatus } from '../../../components/ui/states.tsx';
import { TextField } from '../../../components/ui/text-field.tsx';
import { useFormat } from '../../../lib/format.ts';
import { fieldError } from '../../../lib/error-text.ts';
import { useCancelOrder } from '../api/cancel-order.ts';

/**
 * The merchant's own cancel, while the order is pending or processing: what comes back is said
 * before confirming, the reason is optional, and the refund shows in every money view after.
 */
export function CancelOrder({ order }: { order: Order }) {
  const { t } = useTranslation();
  const f = useFormat();
  const cancel = useCancelOrder();
  const [isOpen, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  // Said outside the dialog, and focused: the Cancel button that had focus is gone once it worked.
  const done = (
    <MutationStatus
      isPending={false}
      isSuccess={cancel.isSuccess}
      error={null}
      successText={t('orders.cancelDone', { amount: f.money(order.amount, order.currency) })}
      focusOnSuccess
    />
  );
  if (!canCancel(order.status)) return <>{done}</>;

  // The reason's rule is the service's: a refusal comes back on the field.
  const confirm = () =>
    cancel.mutate(
      { orderNo: order.order_no, ...(reason.trim() ? { reason } : {}) },
      { onSuccess: () => setOpen(false) },
    );
  return (
    <>
      {done}
      <Button variant="danger" onPress={() => setOpen(true)}>
        {t('orders.cancel')}
      </Button>
      <ConfirmDialog
        isOpen={isOpen}
        onOpenChange={setOpen}
        title={t('orders.cancelTitle', { orderNo: order.order_no })}
        confirmLabel={t('orders.cancel')}
        dismissLabel={t('orders.keep')}
        onConfirm={confirm}
        isPending={cancel.isPending}
      >
        <p>{t('orders.cancelConsequence', { amount: f.money(order.amount, order.currency) })}</p>
        <TextField
          label={t('orders.cancelReason')}
          value={reason}
          onChange={setReason}
          errorMessage={fieldError(t, cancel.error, 'reason')}
          multiline
        />
        <MutationStatus
          isPending={false}
          isSuccess={false}
          error={cancel.error}
          onField={(path) => path === 'reason'}
        />
      </ConfirmDialog>
    </>
  );
}
