import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DataTable, Pagination } from '../../../components/ui/misc.tsx';
import { Empty, ErrorState, Loading } from '../../../components/ui/states.tsx';
import { useFormat } from '../../../lib/format.ts';
import { useSecurityEvents } from '../api/get-security-events.ts';

/** The merchant's own credential events (sign-ins, keys, tokens, password), newest first. */
export function SecurityEvents() {
  const { t } = useTranslation();
  const f = useFormat();
  const [page, setPage] = useState(1);
  const events = useSecurityEvents(page);
  if (events.isPending) return <Loading />;
  if (events.isError) return <ErrorState error={events.error} onRetry={() => void events.refetch()} />;
  if (events.data.items.length === 0) return <Empty>{t('security.noEvents')}</Empty>;
  return (
    <>
      <DataTable
        label={t('security.events')}
        columns={[
          t('security.when'),
          t('security.what'),
          t('security.who'),
          t('security.from'),
          t('security.target'),
        ]}
      >
        {events.data.items.map((e) => (
          <tr key={e.id}>
            <td>{f.dateTime(e.at)}</td>
            <td>{t(`audit.action.${e.action}`)}</td>
            <td>{e.actor_label ?? t(`audit.actor.${e.actor_type}`)}</td>
            <td className="mono">{e.ip ?? '—'}</td>
            <td className="mono">{e.target_id ?? '—'}</td>
          </tr>
        ))}
      </DataTable>
      <Pagination of={events.data} onPage={setPage} />
    </>
  );
}
