import { useTranslation } from 'react-i18next';
import { Tab, TabList, TabPanel, Tabs } from 'react-aria-components';
import { EXAMPLES, withBaseUrl } from './examples.ts';

/** The runnable B-End clients (docs/examples/bend), one tab per language, naming this server's base URL. */
export function ExampleTabs({ baseUrl }: { baseUrl: string }) {
  const { t } = useTranslation();
  return (
    <div className="doc-examples">
      <h4>{t('docs.example')}</h4>
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
            {/* Focusable so keyboard users can scroll a long block (axe: scrollable-region-focusable). */}
            <pre tabIndex={0} aria-label={e.label}>
              <code>{withBaseUrl(e.code, baseUrl)}</code>
            </pre>
          </TabPanel>
        ))}
      </Tabs>
    </div>
  );
}
