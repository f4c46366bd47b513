import { useState, type FormEvent } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { CSV_FILES, FileField } from '../../../components/ui/file-field.tsx';
import { MutationStatus } from '../../../components/ui/states.tsx';
import { TextField } from '../../../components/ui/text-field.tsx';
import { useShipCsv } from '../api/ship-csv.ts';

/** Ship many: a CSV of order_no,carrier,tracking_no, pasted or read from a file. */
export function ShipCsvForm() {
  const { t } = useTranslation();
  const ship = useShipCsv();
  const [csv, setCsv] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (csv.trim()) ship.mutate(csv);
  };
  return (
    <Form onSubmit={onSubmit} className="form" aria-label={t('console.orders.shipCsv')}>
      <FileField
        label={t('console.orders.csvFile')}
        accept={CSV_FILES}
        file={file}
        onChange={(chosen) => {
          setFile(chosen);
          if (chosen) void chosen.text().then(setCsv);
        }}
      />
      <TextField
        label={t('console.orders.csvText')}
        description={t('console.orders.csvHint')}
        value={csv}
        onChange={setCsv}
        multiline
      />
      <div className="row">
        <Button type="submit" isPending={ship.isPending} isDisabled={!csv.trim()}>
          {t('console.orders.shipCsv')}
        </Button>
      </div>
      <MutationStatus
        isPending={ship.isPending}
        isSuccess={ship.isSuccess}
        error={ship.error}
        pendingText={t('console.orders.shipping')}
        successText={ship.data ? t('console.orders.shipped', { count: ship.data.shipped }) : undefined}
      />
    </Form>
  );
}
