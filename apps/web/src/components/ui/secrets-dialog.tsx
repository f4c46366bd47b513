import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from './button.tsx';
import { Checkbox } from './checkbox.tsx';
import { Dialog } from './dialog.tsx';
import { Banner, CopyButton } from './misc.tsx';
import { TextField } from './text-field.tsx';

/**
 * Secrets shown exactly once. The dialog cannot be dismissed by Escape or a click outside; it
 * closes only after the person says they have saved them, and the caller then drops the values
 * (resets the mutation) so they exist nowhere in the page afterwards.
 */
export function SecretsDialog({
  secrets,
  ...shell
}: ShellProps & { secrets: ReadonlyArray<{ label: string; value: string }> }) {
  return (
    <ShownOnceDialog {...shell} many={secrets.length > 1}>
      {secrets.map((s) => (
        <div className="secret" key={s.label}>
          <TextField label={s.label} value={s.value} isReadOnly className="secret-field" />
          <CopyButton value={s.value} label={s.label} />
        </div>
      ))}
    </ShownOnceDialog>
  );
}

/**
 * Many short codes of one kind (recovery codes), shown once as one numbered list that fits the
 * dialog without scrolling, with the whole list to copy or to save as a text file.
 */
export function CodeListDialog({
  codes,
  listLabel,
  fileName,
  fileHeading,
  ...shell
}: ShellProps & {
  codes: readonly string[];
  /** Names the list, and the copy button ("Copy all recovery codes"). */
  listLabel: string;
  fileName: string;
  /** The saved file's first line: what these are and for which sign-in. */
  fileHeading: string;
}) {
  const { t } = useTranslation();
  const file = `${fileHeading}\n\n${codes.map((c, i) => `${String(i + 1).padStart(2)}. ${c}`).join('\n')}\n`;
  return (
    <ShownOnceDialog {...shell} many>
      <ol className="code-list" aria-label={listLabel}>
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ol>
      <div className="row">
        <CopyButton value={codes.join('\n')} label={listLabel} text={t('common.copyAll')} />
        <a
          className="btn btn-secondary btn-sm"
          href={`data:text/plain;charset=utf-8,${encodeURIComponent(file)}`}
          download={fileName}
        >
          {t('common.download')}
        </a>
      </div>
    </ShownOnceDialog>
  );
}

interface ShellProps {
  isOpen: boolean;
  title: string;
  intro: string;
  onDone: () => void;
}

function ShownOnceDialog({
  isOpen,
  title,
  intro,
  onDone,
  many,
  children,
}: ShellProps & { many: boolean; children: ReactNode }) {
  const { t } = useTranslation();
  const [saved, setSaved] = useState(false);
  return (
    <Dialog isOpen={isOpen} onOpenChange={() => undefined} title={title} isDismissable={false}>
      <Banner tone="warning">{intro}</Banner>
      {children}
      <Checkbox isSelected={saved} onChange={setSaved}>
        {t(many ? 'secrets.confirm' : 'secrets.confirmOne')}
      </Checkbox>
      <div className="dialog-actions">
        <Button
          isDisabled={!saved}
          onPress={() => {
            setSaved(false);
            onDone();
          }}
        >
          {t('secrets.done')}
        </Button>
      </div>
    </Dialog>
  );
}
