import { digitsToNumber, skuUpdateBody, type Sku } from '@tradepost/web-contract';
import { useEffect, useState, type FormEvent } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { MutationStatus } from '../../../components/ui/states.tsx';
import { TextField } from '../../../components/ui/text-field.tsx';
import { useFormCheck } from '../../../lib/zod-fields.ts';
import { useUpdateSku } from '../api/update-sku.ts';

/** Price and stock of one SKU; a new price applies to new orders only. */
export function SkuEditor({ sku }: { sku: Sku }) {
  const { t } = useTranslation();
  const update = useUpdateSku();
  const [price, setPrice] = useState(sku.price);
  const [stock, setStock] = useState(String(sku.stock));
  // The catalog's new figures (this save's, an order's) replace the fields; the row stays mounted,
  // so its "Saved." stays in sight.
  useEffect(() => setPrice(sku.price), [sku.price]);
  useEffect(() => setStock(String(sku.stock)), [sku.stock]);
  const form = useFormCheck(update);
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = form.check(skuUpdateBody, { price, stock: digitsToNumber(stock) });
    if (!parsed) return;
    update.mutate({ skuId: sku.sku_id, ...parsed });
  };
  return (
    <Form
      onSubmit={onSubmit}
      className="row sku-row"
      validationBehavior="aria"
      aria-label={`${t('products.sku')} ${sku.sku_id}`}
    >
      <span className="sku-spec">{sku.spec || sku.sku_id}</span>
      <TextField
        label={`${t('products.price')} (${sku.sku_id})`}
        value={price}
        onChange={setPrice}
        errorMessage={form.fieldError('price')}
      />
      <TextField
        label={`${t('products.stock')} (${sku.sku_id})`}
        inputMode="numeric"
        value={stock}
        onChange={setStock}
        errorMessage={form.fieldError('stock')}
      />
      <Button type="submit" size="sm" variant="secondary" isPending={update.isPending}>
        {t('common.save')}
      </Button>
      <MutationStatus
        isPending={update.isPending}
        isSuccess={update.isSuccess}
        error={update.error}
        onField={form.onField}
        successText={t('common.saved')}
      />
    </Form>
  );
}
