import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { MiddleTruncate } from '../../../components/middle-truncate.tsx';
import { Card, DataTable, Facts, PageHeader, StatusBadge } from '../../../components/ui/misc.tsx';
import { ErrorState, Loading } from '../../../components/ui/states.tsx';
import { fieldText } from '../../../lib/error-text.ts';
import { useFormat } from '../../../lib/format.ts';
import { useBatch } from '../api/get-batch.ts';

export function BatchPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const { batchNo = '' } = useParams();
  const batch = useBatch(batchNo);
  return (
    <>
      <PageHeader title={t('orders.batchTitle', { batchNo })}>
        <Link to="/orders">{t('orders.backToList')}</Link>
      </PageHeader>
      {batch.isPending ? (
        <Loading />
      ) : batch.isError ? (
        <ErrorState error={batch.error} />
      ) : (
        <>
          <Card title={t('orders.summary')}>
            <Facts
              items={[
                [
                  t('orders.status'),
                  <StatusBadge status={batch.data.status} label={t(`status.batch.${batch.data.status}`)} />,
                ],
                [t('orders.merchantBatchNo'), batch.data.merchant_batch_no ?? '—'],
                [
                  t('orders.batchCounts'),
                  t('orders.batchCountsValue', {
                    ok: batch.data.succeeded,
                    failed: batch.data.failed,
                    total: batch.data.total,
                  }),
                ],
                [t('orders.created'), f.dateTime(batch.data.created_at)],
              ]}
            />
          </Card>
          {/* Its orders, placed or refused: not the goods an order's Items card lists (商品明细). */}
          <Card title={t('orders.batchItems')}>
            <DataTable
              label={t('orders.batchItems')}
              columns={['#', t('orders.merchantOrderNo'), t('orders.result'), t('orders.orderNo')]}
            >
              {batch.data.items.map((item) => (
                <tr key={item.index}>
                  <td>{item.index + 1}</td>
                  <td className="mono">
                    {item.merchant_order_no ? <MiddleTruncate text={item.merchant_order_no} /> : '—'}
                  </td>
                  <td>
                    {item.code === 0 ? (
                      t('orders.placed')
                    ) : (
                      <ItemFailure code={item.code} message={item.message} />
                    )}
                  </td>
                  <td>
                    {item.order ? (
                      <Link className="mono" to={`/orders/${encodeURIComponent(item.order.order_no)}`}>
                        {item.order.order_no}
                      </Link>
                    ) : (
                      '—'
                    )}
                  </td>
                </tr>
              ))}
            </DataTable>
          </Card>
        </>
      )}
    </>
  );
}

/**
 * A failed item: what its code means, in the reader's language (the API reference's table), its
 * code after, and beneath it the server's own words past the code's when they say more (the field
 * and the reason: "goods_id: priced in EUR, the credit account is in USD"; the SKU not found), in
 * the reader's language when they are the catalog's (fieldText), else as they came.
 */
function ItemFailure({ code, message }: { code: number; message: string }) {
  const { t, i18n } = useTranslation();
  const key = `docs.codes.c${code}`;
  const codeTag = <span className="muted">({code})</span>;
  if (!i18n.exists(key))
    return (
      <>
        {fieldText(t, message)} {codeTag}
      </>
    );
  // The server's message starts with the code's English words: what follows them is the item's own.
  // Words the code's already hold ("Insufficient credit" of "Insufficient credit (or credit
  // frozen)") say nothing more.
  const codeText = i18n.getFixedT('en')(key);
  const more = codeText.startsWith(message)
    ? ''
    : message.startsWith(`${codeText}: `)
      ? message.slice(codeText.length + 2)
      : message;
  return (
    <>
      {t(key)} {codeTag}
      {more && <div className="muted">{fieldText(t, more)}</div>}
    </>
  );
}
