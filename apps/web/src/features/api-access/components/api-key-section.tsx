import type { NewApiKey } from '@tradepost/web-contract';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Button } from '../../../components/ui/button.tsx';
import { Checkbox } from '../../../components/ui/checkbox.tsx';
import { ConfirmDialog } from '../../../components/ui/confirm-dialog.tsx';
import { Card, Facts } from '../../../components/ui/misc.tsx';
import { SecretsDialog } from '../../../components/ui/secrets-dialog.tsx';
import { useOnePress } from '../../../components/ui/use-one-press.ts';
import { Empty, ErrorState, Loading, MutationStatus } from '../../../components/ui/states.tsx';
import { useFormat } from '../../../lib/format.ts';
import { useGenerateApiKey } from '../api/generate-api-key.ts';
import { useApiKey } from '../api/get-api-key.ts';

/** The Action API key: generate (shown once); regenerating stops the old key, so it asks first. */
export function ApiKeySection() {
  const { t } = useTranslation();
  const f = useFormat();
  const key = useApiKey();
  const generate = useGenerateApiKey();
  const [readOnly, setReadOnly] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [shown, setShown] = useState<NewApiKey | null>(null);
  // The first key has no confirmation: a double-click would issue two (the dialog has its own latch).
  const once = useOnePress(generate.isPending);

  const run = () =>
    generate.mutate(
      { read_only: readOnly },
      {
        onSuccess: (k) => {
          setConfirming(false);
          setShown(k);
        },
        onError: () => setConfirming(false),
      },
    );

  const existing = key.data?.key ?? null;
  return (
    <Card title={t('apiKey.title')}>
      <p className="muted">{t('apiKey.intro')}</p>
      <p>
        <Link to="/api-docs#action-api">{t('apiKey.docsLink')}</Link>
      </p>
      {key.isPending ? (
        <Loading />
      ) : key.isError ? (
        <ErrorState error={key.error} onRetry={() => void key.refetch()} />
      ) : existing ? (
        <Facts
          items={[
            [t('apiKey.userId'), <span className="mono">{existing.user_id}</span>],
            [t('apiKey.access'), existing.read_only ? t('common.readOnly') : t('common.readWrite')],
            [t('apiKey.created'), f.dateTime(existing.created_at)],
            [t('apiKey.key'), t('apiKey.hidden')],
          ]}
        />
      ) : (
        <Empty>{t('apiKey.none')}</Empty>
      )}
      <div className="row section-row">
        <Checkbox isSelected={readOnly} onChange={setReadOnly}>
          {t('common.readOnlyOption')}
        </Checkbox>
        <Button
          onPress={() => (existing ? setConfirming(true) : once(run))}
          isPending={generate.isPending && !confirming}
        >
          {existing ? t('apiKey.regenerate') : t('apiKey.generate')}
        </Button>
      </div>
      <MutationStatus
        isPending={generate.isPending}
        isSuccess={false}
        error={generate.error}
        pendingText={t('apiKey.generating')}
      />
      <ConfirmDialog
        isOpen={confirming}
        onOpenChange={setConfirming}
        title={t('apiKey.regenerateTitle')}
        confirmLabel={t('apiKey.regenerateConfirm')}
        isPending={generate.isPending}
        onConfirm={run}
      >
        <p>{t('apiKey.regenerateWarning')}</p>
      </ConfirmDialog>
      <SecretsDialog
        isOpen={shown !== null}
        title={t('apiKey.shownTitle')}
        intro={t('apiKey.shownIntro')}
        secrets={
          shown
            ? [
                { label: t('apiKey.userId'), value: shown.user_id },
                { label: t('apiKey.key'), value: shown.api_key },
              ]
            : []
        }
        onDone={() => {
          setShown(null);
          generate.reset();
        }}
      />
    </Card>
  );
}
