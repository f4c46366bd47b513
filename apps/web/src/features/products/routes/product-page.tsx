import { skuAvailability } from '@tradepost/web-contract';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { Banner, Card, DataTable, PageHeader } from '../../../components/ui/misc.tsx';
import { ProductImage } from '../../../components/ui/product-image.tsx';
import { ErrorState, Loading } from '../../../components/ui/states.tsx';
import { useFormat } from '../../../lib/format.ts';
import { useCreditOverview } from '../../credit/api/get-credit.ts';
import { useProduct } from '../api/get-product.ts';
import { AvailabilityBadge } from '../components/availability-badge.tsx';
import { PlaceOrderForm } from '../components/place-order-form.tsx';

export function ProductPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const { goodsId = '' } = useParams();
  const product = useProduct(goodsId);
  const credit = useCreditOverview();
  if (product.isPending) return <Loading label={t('products.loading')} />;
  if (product.isError) return <ErrorState error={product.error} />;
  const p = product.data;
  return (
    <>
      <PageHeader title={p.title}>
        <Link to="/products">{t('products.backToList')}</Link>
      </PageHeader>
      <div className="stack">
        <Card>
          <div className="product-detail">
            <ProductImage url={p.images[0]} alt={p.title} />
            <div>
              <p className="muted">
                {p.category} · <span className="mono">{p.goods_id}</span>
              </p>
              <p>{p.description}</p>
            </div>
          </div>
        </Card>
        <Card title={t('products.skus')}>
          <DataTable
            label={t('products.skus')}
            columns={[
              t('products.sku'),
              t('products.spec'),
              { label: t('products.price'), numeric: true },
              { label: t('products.stock'), numeric: true },
              t('products.availability'),
            ]}
          >
            {p.skus.map((s) => (
              <tr key={s.sku_id}>
                <td className="mono">{s.sku_id}</td>
                <td>{s.spec}</td>
                <td className="num">{f.money(s.price, s.currency)}</td>
                <td className="num">{f.number(s.stock)}</td>
                <td>
                  <AvailabilityBadge availability={skuAvailability(p, s)} />
                </td>
              </tr>
            ))}
          </DataTable>
        </Card>
        <Card title={t('products.placeOrder')}>
          {/* Frozen, the server refuses every order: say so instead of a form that cannot succeed. */}
          {credit.data?.credit.status === 'frozen' ? (
            <Banner tone="danger">{t('credit.frozenBanner')}</Banner>
          ) : (
            <PlaceOrderForm product={p} credit={credit.data?.credit} />
          )}
        </Card>
      </div>
    </>
  );
}
