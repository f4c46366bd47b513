import { useId, type ReactNode } from 'react';
import { FileTrigger } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Button } from './button.tsx';

/** What a CSV file field accepts (the `accept` of a file input). */
export const CSV_FILES = ['.csv', 'text/csv'] as const;

/**
 * A file to choose, in the page's language: a button (React Aria's FileTrigger) and the chosen
 * file's name beside it. The browser's own file input speaks the browser's language ("Choose File ·
 * No file chosen" under 简体中文) and cannot be styled.
 */
export function FileField({
  label,
  accept,
  file,
  onChange,
}: {
  label: ReactNode;
  /** Extensions and MIME types, as the input's `accept`. */
  accept: readonly string[];
  file: File | null;
  onChange: (file: File | null) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <div className="field">
      <span id={`${id}-label`} className="file-label">
        {label}
      </span>
      <div className="file-choice">
        <FileTrigger acceptedFileTypes={accept} onSelect={(files) => onChange(files?.[0] ?? null)}>
          <Button
            variant="secondary"
            id={`${id}-button`}
            aria-labelledby={`${id}-label ${id}-button`}
            aria-describedby={`${id}-name`}
          >
            {t('common.chooseFile')}
          </Button>
        </FileTrigger>
        <span id={`${id}-name`} className={file ? 'file-name' : 'muted'}>
          {file ? file.name : t('common.noFile')}
        </span>
      </div>
    </div>
  );
}
