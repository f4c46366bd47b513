import Bowser from 'bowser';
import { useTranslation } from 'react-i18next';
import type { SignedInSession } from '@tradepost/web-contract';
import { Button } from '../../../components/ui/button.tsx';
import { DataTable } from '../../../components/ui/misc.tsx';
import { MutationStatus, QueryView } from '../../../components/ui/states.tsx';
import type { Area } from '../../../lib/api-client.ts';
import { useFormat } from '../../../lib/format.ts';
import { useEndSession, useSignedInSessions } from '../api/sessions.ts';

/** "Chrome 156 on Linux" from a session's User-Agent; the text itself when it says nothing known. */
function deviceOf(session: SignedInSession, unknown: string): string {
  if (!session.user_agent) return unknown;
  const ua = Bowser.parse(session.user_agent);
  const browser = [ua.browser.name, ua.browser.version?.split('.')[0]].filter(Boolean).join(' ');
  const os = ua.os.name ?? '';
  if (!browser) return session.user_agent;
  return os ? `${browser} · ${os}` : browser;
}

/** Where the login is signed in: each live session's device, address and times; any other one can be signed out. */
export function SignedInSessions({ area }: { area: Area }) {
  const { t } = useTranslation();
  const f = useFormat();
  const sessions = useSignedInSessions(area);
  const end = useEndSession(area);
  return (
    <QueryView query={sessions}>
      {(data) => (
        <>
          <DataTable
            label={t('security.sessions.title')}
            columns={[
              t('security.sessions.device'),
              t('security.from'),
              t('security.sessions.signedIn'),
              t('security.sessions.lastActive'),
              '',
            ]}
          >
            {data.items.map((s) => {
              const device = deviceOf(s, t('security.sessions.unknownDevice'));
              return (
                <tr key={s.id}>
                  <td title={s.user_agent ?? undefined}>{device}</td>
                  <td className="mono">{s.ip ?? '—'}</td>
                  <td>{f.dateTime(s.created_at)}</td>
                  <td>{f.dateTime(s.last_seen_at)}</td>
                  <td>
                    {s.current ? (
                      <strong>{t('security.sessions.thisOne')}</strong>
                    ) : (
                      <Button
                        variant="secondary"
                        size="sm"
                        isPending={end.isPending && end.variables === s.id}
                        onPress={() => end.mutate(s.id)}
                        aria-label={t('security.sessions.endNamed', {
                          device,
                          when: f.dateTime(s.created_at),
                        })}
                      >
                        {t('security.sessions.end')}
                      </Button>
                    )}
                  </td>
                </tr>
              );
            })}
          </DataTable>
          <MutationStatus
            isPending={end.isPending}
            isSuccess={end.isSuccess}
            error={end.error}
            successText={t('security.sessions.ended')}
          />
        </>
      )}
    </QueryView>
  );
}
