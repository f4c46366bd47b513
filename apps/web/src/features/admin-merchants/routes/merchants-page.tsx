import { useTranslation } from 'react-i18next';
import { oneOfOrUndefined, useUrlFilters } from '../../../lib/use-url-filters.ts';
import { Link } from 'react-router';
import { FilterSelect, SearchForm } from '../../../components/list-filters.tsx';
import { Card, DataTable, PageHeader, Pagination, StatusBadge } from '../../../components/ui/misc.tsx';
import { QueryView } from '../../../components/ui/states.tsx';
import { useFormat } from '../../../lib/format.ts';
import { useCanManage } from '../../../lib/auth.ts';
import { useMerchants } from '../api/get-merchants.ts';
import { CreateMerchantForm } from '../components/create-merchant-form.tsx';

export function MerchantsPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const filters = useUrlFilters();
  const q = filters.get('q');
  const page = filters.page;
  // Filters from the URL, as the overview links to them (?status=suspended, ?credit_status=frozen).
  const status = oneOfOrUndefined(filters.get('status'), ['active', 'suspended'] as const);
  const creditStatus = oneOfOrUndefined(filters.get('credit_status'), ['active', 'frozen'] as const);
  const list = useMerchants({
    q: q || undefined,
    status,
    credit_status: creditStatus,
    page,
    page_size: 20,
  });
  const go = filters.update;
  const canManage = useCanManage();
  return (
    <>
      <PageHeader title={t('console.merchants.title')} />
      {canManage && (
        <Card title={t('console.merchants.create')}>
          <CreateMerchantForm />
        </Card>
      )}
      <Card>
        <div className="filters">
          <FilterSelect
            label={t('console.merchants.accountStatus')}
            allLabel={t('console.merchants.anyStatus')}
            value={status ?? ''}
            onChange={(v) => go({ status: v })}
            options={[
              { id: 'active', label: t('console.merchantStatus.active') },
              { id: 'suspended', label: t('console.merchantStatus.suspended') },
            ]}
          />
          <FilterSelect
            label={t('credit.statusTitle')}
            allLabel={t('console.merchants.anyStatus')}
            value={creditStatus ?? ''}
            onChange={(v) => go({ credit_status: v })}
            options={[
              { id: 'active', label: t('status.credit.active') },
              { id: 'frozen', label: t('status.credit.frozen') },
            ]}
          />
          <SearchForm
            className="row"
            label={t('console.merchants.search')}
            initial={q}
            onSearch={(v) => go({ q: v })}
          />
        </div>
        <QueryView query={list} isEmpty={(d) => d.items.length === 0} empty={t('console.merchants.none')}>
          {(data) => (
            <>
              <DataTable
                label={t('console.merchants.title')}
                columns={[
                  t('console.merchants.field.name'),
                  t('console.merchants.field.email'),
                  // Two statuses side by side: each header says whose.
                  t('console.merchants.accountStatus'),
                  { label: t('credit.limit'), numeric: true },
                  { label: t('credit.available'), numeric: true },
                  t('credit.statusTitle'),
                ]}
              >
                {data.items.map((m) => (
                  <tr key={m.merchant_id}>
                    <td>
                      <Link to={`/admin/merchants/${encodeURIComponent(m.merchant_id)}`}>{m.name}</Link>
                    </td>
                    <td>{m.email}</td>
                    <td>
                      <StatusBadge status={m.status} label={t(`console.merchantStatus.${m.status}`)} />
                    </td>
                    <td className="num">{f.money(m.credit.credit_limit, m.credit.currency)}</td>
                    <td className="num">{f.money(m.credit.available, m.credit.currency)}</td>
                    <td>
                      <StatusBadge status={m.credit.status} label={t(`status.credit.${m.credit.status}`)} />
                    </td>
                  </tr>
                ))}
              </DataTable>
              <Pagination of={data} onPage={(p) => go({ page: String(p) })} />
            </>
          )}
        </QueryView>
      </Card>
    </>
  );
}
