import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from './button.tsx';
import { Dialog } from './dialog.tsx';

/** "Are you sure?" as an alertdialog: the consequence in words, then confirm or cancel. */
export function ConfirmDialog({
  isOpen,
  onOpenChange,
  title,
  children,
  confirmLabel,
  onConfirm,
  isPending,
  tone = 'danger',
  dismissLabel,
}: {
  isOpen: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  isPending?: boolean;
  tone?: 'danger' | 'primary';
  /** The way out, when "Cancel" would read like the action itself ("Cancel order"). */
  dismissLabel?: string;
}) {
  const { t } = useTranslation();
  return (
    <Dialog isOpen={isOpen} onOpenChange={onOpenChange} title={title} role="alertdialog">
      {children}
      <div className="dialog-actions">
        <Button variant="secondary" onPress={() => onOpenChange(false)}>
          {dismissLabel ?? t('common.cancel')}
        </Button>
        <Button variant={tone} onPress={onConfirm} isPending={isPending ?? false}>
          {confirmLabel}
        </Button>
      </div>
    </Dialog>
  );
}
