import { useTranslation } from 'react-i18next';
import { Tab, TabList, TabPanel, Tabs } from 'react-aria-components';
import { CodeBlock } from './code-block.tsx';
import { codeForReader, type Example, type Reader } from './examples.ts';

/**
 * Runnable files, one tab per language: the B-End, Action API and API token clients
 * (docs/examples/bend, action, tokens) naming this server's base URL and the reader's e-mail
 * (an Action API UserID), or the webhook receivers (docs/examples/webhooks).
 */
export function ExampleTabs({
  examples,
  title,
  intro,
  reader,
}: {
  examples: readonly Example[];
  title: string;
  intro: string;
  reader: Reader;
}) {
  const { t } = useTranslation();
  return (
    <div className="doc-examples">
      <h4>{title}</h4>
      <p>{intro}</p>
      <Tabs className="tabs">
        <TabList aria-label={t('docs.languages')} className="tabs-list">
          {examples.map((e) => (
            <Tab key={e.id} id={e.id} className="tab">
              {e.label}
            </Tab>
          ))}
        </TabList>
        {examples.map((e) => (
          <TabPanel key={e.id} id={e.id} className="tab-panel">
            <p className="muted mono">{e.file}</p>
            <CodeBlock code={codeForReader(e.code, reader)} label={e.file} />
          </TabPanel>
        ))}
      </Tabs>
    </div>
  );
}
