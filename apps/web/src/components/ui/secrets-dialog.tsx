import { useState } from 'react';
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
  isOpen,
  title,
  intro,
  secrets,
  onDone,
}: {
  isOpen: boolean;
  title: string;
  intro: string;
  secrets: ReadonlyArray<{ label: string; value: string }>;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [saved, setSaved] = useState(false);
  return (
    <Dialog isOpen={isOpen} onOpenChange={() => undefined} title={title} isDismissable={false}>
      <Banner tone="warning">{intro}</Banner>
      {secrets.map((s) => (
        <div className="secret" key={s.label}>
          <TextField label={s.label} value={s.value} isReadOnly className="secret-field" />
          <CopyButton value={s.value} label={s.label} />
        </div>
      ))}
      <Checkbox isSelected={saved} onChange={setSaved}>
        {t(secrets.length === 1 ? 'secrets.confirmOne' : 'secrets.confirm')}
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
