import { useTranslation } from 'react-i18next';
import { Tab, TabList, TabPanel, Tabs } from 'react-aria-components';
import { Card, DataTable, PageHeader, StatusBadge } from '../../../components/ui/misc.tsx';
import { QueryView } from '../../../components/ui/states.tsx';
import { useYourCredentials } from '../api/get-credentials.ts';
import { EXAMPLES, withBaseUrl } from '../components/examples.ts';
import {
  CREATE_ORDER_REQUEST,
  ENDPOINTS,
  RESPONSE_CODES,
  SIGN_STRING,
  STANDARD_RESPONSE,
} from '../components/reference.ts';

function Code({ children, label }: { children: string; label: string }) {
  // Focusable so keyboard users can scroll a long block (axe: scrollable-region-focusable).
  return (
    <pre tabIndex={0} aria-label={label}>
      <code>{children}</code>
    </pre>
  );
}

export function ApiDocsPage() {
  const { t } = useTranslation();
  const creds = useYourCredentials();
  const baseUrl = creds.data?.base_url ?? `${window.location.origin}/api/v1`;

  return (
    <>
      <PageHeader title={t('docs.title')} />
      <Card title={t('docs.protocol')}>
        <p>{t('docs.protocolIntro')}</p>
        <div className="grid">
          <div>
            <h3>{t('docs.requestFlow')}</h3>
            <ol>
              {(['r1', 'r2', 'r3', 'r4', 'r5'] as const).map((k) => (
                <li key={k}>{t(`docs.flow.${k}`)}</li>
              ))}
            </ol>
          </div>
          <div>
            <h3>{t('docs.responseFlow')}</h3>
            <ol>
              {(['s1', 's2', 's3', 's4'] as const).map((k) => (
                <li key={k}>{t(`docs.flow.${k}`)}</li>
              ))}
            </ol>
          </div>
        </div>
      </Card>
      <Card title={t('docs.baseUrl')}>
        <Code label={t('docs.baseUrl')}>{baseUrl}</Code>
        <h3>{t('docs.headers')}</h3>
        <DataTable label={t('docs.headers')} columns={[t('docs.header'), t('docs.meaning')]}>
          {(['App-ID', 'Timestamp', 'Nonce', 'Sign', 'Content-Type'] as const).map((h) => (
            <tr key={h}>
              <td className="mono">{h}</td>
              <td>{t(`docs.headerMeaning.${h}`)}</td>
            </tr>
          ))}
        </DataTable>
      </Card>
      <Card title={t('docs.encryption')}>
        <div className="grid">
          <div>
            <h3>AES-256-GCM</h3>
            <ul>
              {(['e1', 'e2', 'e3', 'e4'] as const).map((k) => (
                <li key={k}>{t(`docs.aes.${k}`)}</li>
              ))}
            </ul>
          </div>
          <div>
            <h3>HMAC-SHA256</h3>
            <ul>
              {(['h1', 'h2', 'h3', 'h4'] as const).map((k) => (
                <li key={k}>{t(`docs.hmac.${k}`)}</li>
              ))}
            </ul>
          </div>
        </div>
        <h3>{t('docs.signing')}</h3>
        <Code label={t('docs.signing')}>{SIGN_STRING}</Code>
      </Card>
      <Card title={t('docs.yourCredentials')}>
        <p className="muted">{t('docs.yourCredentialsHint')}</p>
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
      <Card title={t('docs.example')}>
        <p>{t('docs.exampleIntro')}</p>
        <Tabs className="tabs">
          <TabList aria-label={t('docs.languages')} className="tabs-list">
            {EXAMPLES.map((e) => (
              <Tab key={e.id} id={e.id} className="tab">
                {e.label}
              </Tab>
            ))}
          </TabList>
          {EXAMPLES.map((e) => (
            <TabPanel key={e.id} id={e.id} className="tab-panel">
              <p className="muted mono">{e.file}</p>
              <Code label={e.label}>{withBaseUrl(e.code, baseUrl)}</Code>
            </TabPanel>
          ))}
        </Tabs>
      </Card>
      <Card title={t('docs.endpoints')}>
        <DataTable
          label={t('docs.endpoints')}
          columns={[t('docs.method'), t('docs.endpoint'), t('docs.requestBody'), t('docs.description')]}
        >
          {ENDPOINTS.map(([method, path, body, key]) => (
            <tr key={`${method} ${path}`}>
              <td className="mono">{method}</td>
              <td className="mono">{path}</td>
              <td className="mono">{body}</td>
              <td>{t(`docs.ep.${key}`)}</td>
            </tr>
          ))}
        </DataTable>
      </Card>
      <Card title={t('docs.dataStructures')}>
        <h3>CreateOrderRequest</h3>
        <Code label="CreateOrderRequest">{CREATE_ORDER_REQUEST}</Code>
        <h3>{t('docs.standardResponse')}</h3>
        <Code label={t('docs.standardResponse')}>{STANDARD_RESPONSE}</Code>
      </Card>
      <Card title={t('docs.responseCodes')}>
        <DataTable label={t('docs.responseCodes')} columns={[t('docs.code'), t('docs.description')]}>
          {RESPONSE_CODES.map((c) => (
            <tr key={c}>
              <td className="mono">{c}</td>
              <td>{t(`docs.codes.c${c}`)}</td>
            </tr>
          ))}
        </DataTable>
      </Card>
    </>
  );
}
