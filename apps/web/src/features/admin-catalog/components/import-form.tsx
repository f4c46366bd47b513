import { useState, type FormEvent } from 'react';
import { Form } from 'react-aria-components';
import { Trans, useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { CSV_FILES, FileField } from '../../../components/ui/file-field.tsx';
import { MutationStatus } from '../../../components/ui/states.tsx';
import { useImportCatalog } from '../api/import-catalog.ts';

/** The CLI command the form does the work of: a literal, never translated. */
const CLI_IMPORT = 'tradepost catalog import';

/** The CLI's `catalog import` from the browser: reading, then sending, then the result or every bad line. */
export function ImportForm() {
  const { t } = useTranslation();
  const imp = useImportCatalog();
  const [file, setFile] = useState<File | null>(null);
  const [reading, setReading] = useState(false);
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    setReading(true);
    void file.text().then((content) => {
      setReading(false);
      imp.mutate({
        content,
        file_name: file.name,
        format: file.name.toLowerCase().endsWith('.csv') ? 'csv' : 'json',
      });
    });
  };
  return (
    <Form onSubmit={onSubmit} className="form" aria-label={t('console.catalog.import')}>
      <FileField
        label={
          <Trans
            i18nKey="console.catalog.file"
            values={{ command: CLI_IMPORT }}
            components={{ code: <code /> }}
          />
        }
        accept={['.json', 'application/json', ...CSV_FILES]}
        file={file}
        onChange={setFile}
      />
      <div className="row">
        <Button type="submit" isDisabled={!file} isPending={reading || imp.isPending}>
          {t('console.catalog.import')}
        </Button>
      </div>
      {reading && <p aria-live="polite">{t('console.catalog.reading')}</p>}
      <MutationStatus
        isPending={imp.isPending}
        isSuccess={imp.isSuccess}
        error={imp.error}
        pendingText={t('console.catalog.importing')}
        successText={imp.data ? t('console.catalog.imported', { ...imp.data }) : undefined}
      />
    </Form>
  );
}
