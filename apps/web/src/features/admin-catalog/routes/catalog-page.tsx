import { SALE_STATUSES } from '@tradepost/web-contract';
import { useTranslation } from 'react-i18next';
import { oneOfOrUndefined, useUrlFilters } from '../../../lib/use-url-filters.ts';

import { Button } from '../../../components/ui/button.tsx';
import { FilterSelect, SearchForm } from '../../../components/list-filters.tsx';
import { Banner, Card, PageHeader, Pagination, StatusBadge } from '../../../components/ui/misc.tsx';
import { MutationStatus, QueryView } from '../../../components/ui/states.tsx';
import { useCanManage } from '../../../lib/auth.ts';
import { useFormat } from '../../../lib/format.ts';
import { useAdminProducts } from '../api/get-products.ts';
import { useSetProductStatus } from '../api/set-product-status.ts';
import { ImportForm } from '../components/import-form.tsx';
import { SkuEditor } from '../components/sku-editor.tsx';

export function CatalogPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const filters = useUrlFilters();
  const q = filters.get('q');
  const status = filters.get('status');
  const page = filters.page;
  const list = useAdminProducts({
    q: q || undefined,
    status: oneOfOrUndefined(status, SALE_STATUSES),
    page,
    page_size: 10,
  });
  const setStatus = useSetProductStatus();
  const go = filters.update;
  const canManage = useCanManage();
  return (
    <>
      <PageHeader title={t('console.catalog.title')} />
      {canManage ? (
        <Card title={t('console.catalog.import')}>
          <ImportForm />
        </Card>
      ) : (
        <Banner tone="info">{t('console.supportOnly')}</Banner>
      )}
      <Card title={t('products.title')}>
        <div className="filters">
          <FilterSelect
            label={t('console.catalog.saleStatus')}
            allLabel={t('orders.allStatuses')}
            value={status}
            onChange={(v) => go({ status: v })}
            options={SALE_STATUSES.map((s) => ({ id: s, label: t(`status.sale.${s}`) }))}
          />
          <SearchForm
            className="row"
            label={t('products.search')}
            initial={q}
            onSearch={(v) => go({ q: v })}
          />
        </div>
        <MutationStatus
          isPending={setStatus.isPending}
          isSuccess={setStatus.isSuccess}
          error={setStatus.error}
          successText={t('common.saved')}
        />
        <QueryView query={list} isEmpty={(d) => d.items.length === 0} empty={t('products.none')}>
          {(data) => (
            <>
              <ul className="stack plain-list">
                {data.items.map((p) => (
                  <li key={p.goods_id} className="card">
                    <div className="row">
                      <h3 className="product-title">{p.title}</h3>
                      <span className="mono muted">{p.goods_id}</span>
                      {/* Its sale status, as the button beside it and the audit log name it: whether any
                          is in stock is each SKU's figure below. */}
                      <StatusBadge status={p.status} label={t(`status.sale.${p.status}`)} />
                      {canManage && (
                        <Button
                          size="sm"
                          variant="secondary"
                          aria-label={`${t(p.status === 'on_sale' ? 'console.catalog.takeOff' : 'console.catalog.putOn')} ${p.title}`}
                          onPress={() =>
                            setStatus.mutate({
                              goodsId: p.goods_id,
                              status: p.status === 'on_sale' ? 'off_sale' : 'on_sale',
                            })
                          }
                        >
                          {t(p.status === 'on_sale' ? 'console.catalog.takeOff' : 'console.catalog.putOn')}
                        </Button>
                      )}
                    </div>
                    {p.skus.map((s) =>
                      canManage ? (
                        <SkuEditor key={s.sku_id} sku={s} />
                      ) : (
                        <p key={s.sku_id} className="row">
                          <span className="mono">{s.sku_id}</span>
                          <span>{s.spec}</span>
                          <span>{f.money(s.price, s.currency)}</span>
                          <span>{t('console.catalog.stockCount', { count: f.number(s.stock) })}</span>
                        </p>
                      ),
                    )}
                  </li>
                ))}
              </ul>
              <Pagination of={data} onPage={(pg) => go({ page: String(pg) })} />
            </>
          )}
        </QueryView>
      </Card>
    </>
  );
}
