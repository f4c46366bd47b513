import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Card, DataTable, PageHeader, StatusBadge } from '../../../components/ui/misc.tsx';
import { QueryView } from '../../../components/ui/states.tsx';
import { useFormat } from '../../../lib/format.ts';
import { useFailingWebhooks } from '../api/get-failing.ts';

/** Webhook endpoints failing now, or disabled for failing, across merchants (read-only). */
export function FailingWebhooksPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const list = useFailingWebhooks();
  return (
    <>
      <PageHeader title={t('console.webhooks.title')} />
      <Card>
        <p className="muted">{t('console.webhooks.intro')}</p>
        <QueryView query={list} isEmpty={(d) => d.items.length === 0} empty={t('console.webhooks.none')}>
          {(data) => (
            <DataTable
              label={t('console.webhooks.title')}
              columns={[
                t('console.webhooks.merchant'),
                t('webhooks.url'),
                t('webhooks.status'),
                t('console.webhooks.failingSince'),
              ]}
            >
              {data.items.map((e) => (
                <tr key={e.id}>
                  <td>
                    <Link to={`/admin/merchants/${encodeURIComponent(e.merchant_id)}`}>
                      {e.merchant_name}
                    </Link>
                    <div className="mono muted small nowrap">{e.merchant_id}</div>
                  </td>
                  <td>
                    <div className="mono break">{e.url}</div>
                    <div className="mono muted small nowrap">{e.id}</div>
                  </td>
                  <td>
                    <StatusBadge
                      status={e.status === 'enabled' ? 'failing' : e.status}
                      label={
                        e.status === 'enabled'
                          ? t('webhooks.endpointStatus.failing')
                          : t(`webhooks.disabledReason.${e.disabled_reason ?? 'merchant'}`)
                      }
                    />
                  </td>
                  <td className="nowrap">{e.failing_since ? f.dateTime(e.failing_since) : '—'}</td>
                </tr>
              ))}
            </DataTable>
          )}
        </QueryView>
      </Card>
    </>
  );
}
