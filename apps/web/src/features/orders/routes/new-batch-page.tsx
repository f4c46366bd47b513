import {
  BATCH_CSV_COLUMNS,
  BATCH_CSV_OPTIONAL_COLUMNS,
  BATCH_MAX_ORDERS,
  placeBatchBody,
} from '@tradepost/web-contract';
import { useState, type FormEvent } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { Button } from '../../../components/ui/button.tsx';
import { CSV_FILES, FileField } from '../../../components/ui/file-field.tsx';
import { AFTER_COMMA, Card, PageHeader, WrapAt } from '../../../components/ui/misc.tsx';
import { MutationStatus } from '../../../components/ui/states.tsx';
import { TextField } from '../../../components/ui/text-field.tsx';
import { useFormCheck } from '../../../lib/zod-fields.ts';
import { usePlaceBatch } from '../api/place-batch.ts';

/** The template's one example line, in BATCH_CSV_COLUMNS' order: ids to replace with the catalog's. */
const EXAMPLE = [
  'PO-1001',
  'GOODS_ID',
  'SKU_ID',
  '2',
  'Ada Lovelace',
  '+44 20 7946 0000',
  '"12 St James Square, Flat 3"',
  'London',
  'SW1Y 4JH',
  'GB',
];

const TEMPLATE = `data:text/csv;charset=utf-8,${encodeURIComponent(`${BATCH_CSV_COLUMNS.join(',')}\n${EXAMPLE.join(',')}\n`)}`;

/**
 * A reference for the batch, filled in when a file is chosen: sending the same file twice (a
 * double click, a retry after a lost answer) then places it once, and the merchant may type their own.
 */
const newReference = () =>
  `BATCH-${new Date().toISOString().slice(0, 10).replaceAll('-', '')}-${crypto.randomUUID().slice(0, 8)}`;

/** Orders from a CSV file: one batch, each line an order of its own, then the batch's page with every result. */
export function NewBatchPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const place = usePlaceBatch();
  const form = useFormCheck(place);
  const [file, setFile] = useState<File | null>(null);
  const [reference, setReference] = useState('');

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    void file.text().then((csv) => {
      const body = form.check(placeBatchBody, { csv, merchant_batch_no: reference });
      if (body)
        place.mutate(body, {
          onSuccess: (batch) => void navigate(`/batches/${encodeURIComponent(batch.batch_no)}`),
        });
    });
  };

  return (
    <>
      <PageHeader title={t('batchFile.title')}>
        <Link to="/orders">{t('orders.backToList')}</Link>
      </PageHeader>
      <Card>
        <p>{t('batchFile.intro', { max: BATCH_MAX_ORDERS })}</p>
        <p>
          {t('batchFile.columns')} {/* One unbreakable string made a phone scroll sideways. */}
          <code>
            <WrapAt text={BATCH_CSV_COLUMNS.join(',')} points={AFTER_COMMA} />
          </code>
        </p>
        <p>{t('batchFile.optional', { columns: BATCH_CSV_OPTIONAL_COLUMNS.join(', ') })}</p>
        <p>
          <a href={TEMPLATE} download="tradepost-batch-template.csv">
            {t('batchFile.template')}
          </a>
        </p>
        <Form onSubmit={onSubmit} className="form" aria-label={t('batchFile.title')}>
          <FileField
            label={t('batchFile.file')}
            accept={CSV_FILES}
            file={file}
            onChange={(chosen) => {
              setFile(chosen);
              place.reset();
              if (chosen) setReference(newReference());
            }}
          />
          <TextField
            label={t('orders.merchantBatchNo')}
            description={t('batchFile.referenceHint')}
            value={reference}
            onChange={setReference}
            errorMessage={form.fieldError('merchant_batch_no')}
          />
          <div className="row">
            <Button type="submit" isDisabled={!file} isPending={place.isPending}>
              {t('batchFile.place')}
            </Button>
          </div>
          <MutationStatus
            isPending={place.isPending}
            isSuccess={false}
            error={place.error}
            onField={form.onField}
            pendingText={t('batchFile.placing')}
          />
        </Form>
      </Card>
    </>
  );
}
