import type { skuAvailability } from '@tradepost/web-contract';
import { useTranslation } from 'react-i18next';
import { StatusBadge } from '../../../components/ui/misc.tsx';

const LABEL = {
  orderable: 'products.inStock',
  off_sale: 'products.offSale',
  out_of_stock: 'products.outOfStock',
};

/** Whether a SKU (or a product's best SKU) can be ordered now, as a badge. */
export function AvailabilityBadge({ availability }: { availability: ReturnType<typeof skuAvailability> }) {
  const { t } = useTranslation();
  return (
    <StatusBadge
      status={availability === 'orderable' ? 'on_sale' : 'off_sale'}
      label={t(LABEL[availability])}
    />
  );
}
