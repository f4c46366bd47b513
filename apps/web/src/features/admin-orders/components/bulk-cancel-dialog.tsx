import { useState, type FormEvent } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { Dialog } from '../../../components/ui/dialog.tsx';
import { MutationStatus } from '../../../components/ui/states.tsx';
import { TextField } from '../../../components/ui/text-field.tsx';

/**
 * "Cancel the selected orders?": what it does to money (each refunded to its merchant, all or
 * none), and the reason every merchant is told — required, as for one order.
 */
export function BulkCancelDialog({
  isOpen,
  count,
  onClose,
  onConfirm,
  isPending,
  error,
}: {
  isOpen: boolean;
  count: number;
  onClose: () => void;
  onConfirm: (reason: string) => void;
  isPending: boolean;
  /** The refusal, shown here: the page behind the dialog is out of sight. */
  error: unknown;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (reason.trim()) onConfirm(reason.trim());
  };
  return (
    <Dialog
      isOpen={isOpen}
      onOpenChange={(open) => !open && onClose()}
      title={t('console.orders.cancelSelectedTitle', { count })}
      role="alertdialog"
    >
      <Form onSubmit={submit} className="form" validationBehavior="aria">
        <p>{t('console.orders.cancelSelectedConsequence')}</p>
        <TextField
          label={t('console.orders.reason')}
          description={t('console.orders.reasonToMerchant')}
          value={reason}
          onChange={setReason}
          isRequired
          multiline
        />
        <MutationStatus
          isPending={false}
          isSuccess={false}
          error={error}
          summary={t('console.orders.bulkRefused')}
        />
        <div className="dialog-actions">
          <Button variant="secondary" onPress={onClose}>
            {t('console.orders.keepSelected')}
          </Button>
          <Button type="submit" variant="danger" isPending={isPending} isDisabled={!reason.trim()}>
            {t('console.orders.cancelSelectedConfirm')}
          </Button>
        </div>
      </Form>
    </Dialog>
  );
}
