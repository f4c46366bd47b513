import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { Card, DataTable, PageHeader, StatusBadge } from '../../../components/ui/misc.tsx';
import { QueryView } from '../../../components/ui/states.tsx';
import { useSession } from '../../../lib/auth.ts';
import { useYourCredentials } from '../api/get-credentials.ts';
import { CodeBlock } from '../components/code-block.tsx';
import { type DoorId, DOORS, splitGuide } from '../components/doors.ts';
import { ExampleTabs } from '../components/example-tabs.tsx';
import {
  ACTION_CLIENTS,
  type Example,
  EXAMPLES,
  guideForReader,
  RECEIVERS,
  TOKEN_CLIENTS,
} from '../components/examples.ts';
import { MarkdownDoc } from '../components/markdown-doc.tsx';

const GUIDES = DOORS.map((d) => ({ ...d, ...splitGuide(d.source) }));

/** The runnable files shown where a guide marks its examples (splitGuide), with their heading's keys. */
const EXAMPLE_SETS: Partial<Record<DoorId, { examples: readonly Example[]; title: string; intro: string }>> =
  {
    bend: { examples: EXAMPLES, title: 'docs.example', intro: 'docs.exampleIntro' },
    'action-api': { examples: ACTION_CLIENTS, title: 'docs.clients', intro: 'docs.actionClientsIntro' },
    tokens: { examples: TOKEN_CLIENTS, title: 'docs.clients', intro: 'docs.tokenClientsIntro' },
    webhooks: { examples: RECEIVERS, title: 'docs.receivers', intro: 'docs.receiversIntro' },
  };

/**
 * Every door a merchant uses, one section each (/api-docs#bend, #action-api, #tokens, #webhooks):
 * the repository's guides (docs/api/*.md) rendered as they are, in English in both languages; the
 * page's own headings, this merchant's base URL and App IDs, and the runnable examples around them;
 * the guides' code names this server's base URL and the merchant's e-mail.
 */
export function ApiDocsPage() {
  const { t, i18n } = useTranslation();
  const creds = useYourCredentials();
  const baseUrl = creds.data?.base_url ?? `${window.location.origin}/api/v1`;
  // The guides' code names the reader's own e-mail where it names a user (UserID, --email).
  const reader = { baseUrl, email: useSession('portal').data?.user.email };
  const { hash } = useLocation();

  // A link from another page (/api-docs#webhooks) lands on its section. Again once the App IDs
  // have loaded above it, since the table moves what lies below.
  useEffect(() => {
    if (hash) document.getElementById(decodeURIComponent(hash.slice(1)))?.scrollIntoView();
  }, [hash, creds.status]);

  return (
    <>
      <PageHeader title={t('docs.title')} />
      <Card title={t('docs.yourCredentials')}>
        <h3>{t('docs.baseUrl')}</h3>
        <CodeBlock code={baseUrl} label={t('docs.baseUrl')} />
        {reader.email && (
          <>
            <h3>{t('docs.actionUserId')}</h3>
            <CodeBlock code={reader.email} label={t('docs.actionUserId')} />
          </>
        )}
        <p className="muted">
          {t('docs.yourCredentialsHint')} <Link to="/api-access">{t('docs.createCredentials')}</Link>
        </p>
        <QueryView query={creds} isEmpty={(d) => d.apps.length === 0} empty={t('docs.noApps')}>
          {(data) => (
            <DataTable
              label={t('docs.yourCredentials')}
              columns={[t('apps.name'), t('apps.appId'), t('apps.status')]}
            >
              {data.apps.map((a) => (
                <tr key={a.app_id}>
                  <td>{a.name}</td>
                  <td className="mono">{a.app_id}</td>
                  <td>
                    <StatusBadge status={a.status} label={t(`apps.statusValue.${a.status}`)} />
                  </td>
                </tr>
              ))}
            </DataTable>
          )}
        </QueryView>
      </Card>
      <nav className="card doc-contents" aria-label={t('docs.contents')}>
        <h2 className="card-title">{t('docs.contents')}</h2>
        <ul>
          {DOORS.map((d) => (
            <li key={d.id}>
              <a href={`#${d.id}`}>{t(`docs.door.${d.id}`)}</a> — {t(`docs.doorIntro.${d.id}`)}
            </li>
          ))}
        </ul>
        {!i18n.language.startsWith('en') && <p className="muted">{t('docs.englishOnly')}</p>}
      </nav>
      {GUIDES.map((g) => {
        const title = t(`docs.door.${g.id}`);
        const set = EXAMPLE_SETS[g.id];
        return (
          <Card key={g.id} id={g.id} title={title} className="doc-door">
            <p className="muted mono">docs/api/{g.file}</p>
            <MarkdownDoc door={g.id} doorTitle={title} source={guideForReader(g.before, reader)} />
            {g.after !== null && set && (
              <>
                <ExampleTabs
                  examples={set.examples}
                  title={t(set.title)}
                  intro={t(set.intro)}
                  reader={reader}
                />
                <MarkdownDoc door={g.id} doorTitle={title} source={guideForReader(g.after, reader)} />
              </>
            )}
          </Card>
        );
      })}
    </>
  );
}
