import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from './button.tsx';
import { Dialog } from './dialog.tsx';
import { useOnePress } from './use-one-press.ts';

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
  /** `false` when it sent nothing (its own check refused): the button takes the next press. */
  onConfirm: () => false | void;
  isPending?: boolean;
  tone?: 'danger' | 'primary';
  /** The way out, when "Cancel" would read like the action itself ("Cancel order"). */
  dismissLabel?: string;
}) {
  // The consequence is the alertdialog's description: read with its title when it opens.
  const body = useId();
  return (
    <Dialog isOpen={isOpen} onOpenChange={onOpenChange} title={title} role="alertdialog" describedBy={body}>
      <div id={body}>{children}</div>
      <ConfirmActions
        onDismiss={() => onOpenChange(false)}
        dismissLabel={dismissLabel}
        confirmLabel={confirmLabel}
        onConfirm={onConfirm}
        isPending={isPending ?? false}
        tone={tone}
      />
    </Dialog>
  );
}

/** Mounted while the dialog is open: one confirmation per opening until its request settles. */
function ConfirmActions({
  onDismiss,
  dismissLabel,
  confirmLabel,
  onConfirm,
  isPending,
  tone,
}: {
  onDismiss: () => void;
  dismissLabel: string | undefined;
  confirmLabel: string;
  onConfirm: () => false | void;
  isPending: boolean;
  tone: 'danger' | 'primary';
}) {
  const { t } = useTranslation();
  const once = useOnePress(isPending);
  return (
    <div className="dialog-actions">
      <Button variant="secondary" onPress={onDismiss}>
        {dismissLabel ?? t('common.cancel')}
      </Button>
      <Button variant={tone} onPress={() => once(onConfirm)} isPending={isPending}>
        {confirmLabel}
      </Button>
    </div>
  );
}
