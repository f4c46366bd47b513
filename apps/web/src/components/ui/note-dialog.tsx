import { useState, type FormEvent } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Button } from './button.tsx';
import { Dialog } from './dialog.tsx';
import { MutationStatus } from './states.tsx';
import { TextField } from './text-field.tsx';
import { useOnePress } from './use-one-press.ts';

/**
 * An action that needs a written why (a status change's note, a cancel's reason): what it does in
 * words, the required note, and the refusal if the server gives one — shown here, as the page
 * behind the dialog is out of sight. The note starts empty each time the dialog opens.
 */
type NoteDialogProps = {
  isOpen: boolean;
  onClose: () => void;
  title: string;
  consequence: string;
  noteLabel: string;
  noteHint: string;
  confirmLabel: string;
  /** The way out, when "Cancel" would read like the action itself. */
  dismissLabel?: string;
  tone?: 'primary' | 'danger';
  onConfirm: (note: string) => void;
  isPending: boolean;
  error?: unknown;
  /** What a refusal means here (MutationStatus `summary`). */
  errorSummary?: string;
};

export function NoteDialog({ isOpen, onClose, title, ...form }: NoteDialogProps) {
  return (
    <Dialog isOpen={isOpen} onOpenChange={(open) => !open && onClose()} title={title} role="alertdialog">
      {/* Mounted while open: the note starts empty each time. */}
      <NoteForm onClose={onClose} {...form} />
    </Dialog>
  );
}

function NoteForm({
  onClose,
  consequence,
  noteLabel,
  noteHint,
  confirmLabel,
  dismissLabel,
  tone = 'primary',
  onConfirm,
  isPending,
  error = null,
  errorSummary,
}: Omit<NoteDialogProps, 'isOpen' | 'title'>) {
  const { t } = useTranslation();
  const [note, setNote] = useState('');
  const once = useOnePress(isPending);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (note.trim()) once(() => onConfirm(note.trim()));
  };
  return (
    <Form onSubmit={submit} className="form" validationBehavior="aria">
      <p>{consequence}</p>
      <TextField
        label={noteLabel}
        description={noteHint}
        value={note}
        onChange={setNote}
        isRequired
        multiline
      />
      <MutationStatus
        isPending={false}
        isSuccess={false}
        error={error}
        {...(errorSummary ? { summary: errorSummary } : {})}
      />
      <div className="dialog-actions">
        <Button variant="secondary" onPress={onClose}>
          {dismissLabel ?? t('common.cancel')}
        </Button>
        <Button type="submit" variant={tone} isPending={isPending} isDisabled={!note.trim()}>
          {confirmLabel}
        </Button>
      </div>
    </Form>
  );
}
