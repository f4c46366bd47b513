import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { OrderDetails } from '../../../components/order-details.tsx';
import { PageHeader } from '../../../components/ui/misc.tsx';
import { ErrorState, Loading } from '../../../components/ui/states.tsx';
import { useOrder } from '../api/get-order.ts';
import { CancelOrder } from '../components/cancel-order.tsx';

export function OrderPage() {
  const { t } = useTranslation();
  const { orderNo = '' } = useParams();
  const order = useOrder(orderNo);
  return (
    <>
      <PageHeader title={t('orders.detailTitle', { orderNo })}>
        {order.data && <CancelOrder order={order.data.order} />}
        <Link to="/orders">{t('orders.backToList')}</Link>
      </PageHeader>
      {order.isPending ? (
        <Loading />
      ) : order.isError ? (
        <ErrorState error={order.error} />
      ) : (
        <OrderDetails
          order={order.data.order}
          ledger={order.data.ledger}
          item={order.data.item}
          productHref={(goodsId) => `/products/${encodeURIComponent(goodsId)}`}
          batchNo={order.data.batch_no}
          batchHref={(batchNo) => `/batches/${encodeURIComponent(batchNo)}`}
        />
      )}
    </>
  );
}
