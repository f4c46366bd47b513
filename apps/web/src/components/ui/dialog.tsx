import type { ReactNode } from 'react';
import { Dialog as AriaDialog, Heading, Modal, ModalOverlay } from 'react-aria-components';

/**
 * A modal dialog (React Aria): focus trapped and restored, Escape closes unless `isDismissable` is
 * false — the one-time secrets dialog is not dismissable, so keys can't vanish by a stray keypress.
 */
export function Dialog({
  isOpen,
  onOpenChange,
  title,
  children,
  isDismissable = true,
  role = 'dialog',
  describedBy,
}: {
  isOpen: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  children: ReactNode;
  isDismissable?: boolean;
  role?: 'dialog' | 'alertdialog';
  /** The id of the text that says what the dialog is about (a confirmation's consequence). */
  describedBy?: string;
}) {
  return (
    <ModalOverlay
      className="modal-overlay"
      isOpen={isOpen}
      onOpenChange={onOpenChange}
      isDismissable={isDismissable}
      isKeyboardDismissDisabled={!isDismissable}
    >
      <Modal className="modal">
        <AriaDialog className="dialog" role={role} aria-describedby={describedBy}>
          <Heading slot="title" className="dialog-title">
            {title}
          </Heading>
          {children}
        </AriaDialog>
      </Modal>
    </ModalOverlay>
  );
}
