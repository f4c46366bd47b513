import { productAvailability, searchText } from '@tradepost/web-contract';
import { useTranslation } from 'react-i18next';
import { useUrlFilters } from '../../../lib/use-url-filters.ts';
import { Link } from 'react-router';
import { FilterSelect, SearchForm } from '../../../components/list-filters.tsx';
import { Card, PageHeader, Pagination } from '../../../components/ui/misc.tsx';
import { ProductImage } from '../../../components/ui/product-image.tsx';
import { QueryView } from '../../../components/ui/states.tsx';
import { useFormat } from '../../../lib/format.ts';
import { useCategories } from '../api/get-categories.ts';
import { useProducts } from '../api/get-products.ts';
import { AvailabilityBadge } from '../components/availability-badge.tsx';
import { priceRange } from '../components/price-range.ts';

export function ProductsPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const filters = useUrlFilters();
  const category = filters.get('category');
  const q = filters.get('q');
  const page = filters.page;
  const categories = useCategories();
  const list = useProducts({
    category: category || undefined,
    q: filters.valid('q', searchText),
    page,
    page_size: 24,
  });

  const update = filters.update;

  return (
    <>
      <PageHeader title={t('products.title')} />
      <div className="filters">
        <FilterSelect
          label={t('products.category')}
          allLabel={t('products.allCategories')}
          value={category}
          onChange={(v) => update({ category: v })}
          options={(categories.data?.categories ?? []).map((c) => ({ id: c, label: c }))}
        />
        <SearchForm label={t('products.search')} initial={q} onSearch={(v) => update({ q: v })} />
      </div>
      <QueryView
        query={list}
        loadingLabel={t('products.loading')}
        isEmpty={(d) => d.items.length === 0}
        empty={t('products.none')}
      >
        {(data) => (
          <>
            <ul className="product-grid" aria-label={t('products.title')}>
              {data.items.map((p) => {
                const range = priceRange(p);
                const availability = productAvailability(p);
                return (
                  <li key={p.goods_id} className="card product-card">
                    <ProductImage url={p.images[0]} alt="" />
                    <h2 className="product-title">
                      <Link to={`/products/${encodeURIComponent(p.goods_id)}`}>{p.title}</Link>
                    </h2>
                    <span className="muted">{p.category}</span>
                    <span>
                      {range
                        ? range.min === range.max
                          ? f.money(range.min, p.currency)
                          : `${f.money(range.min, p.currency)} – ${f.money(range.max, p.currency)}`
                        : '—'}
                    </span>
                    {availability !== 'orderable' && <AvailabilityBadge availability={availability} />}
                  </li>
                );
              })}
            </ul>
            <Card className="pagination-card">
              <Pagination of={data} onPage={(p) => update({ page: String(p) })} />
            </Card>
          </>
        )}
      </QueryView>
    </>
  );
}
