import { createAppBody, type AppKeys } from '@tradepost/web-contract';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Button } from '../../../components/ui/button.tsx';
import { ConfirmDialog } from '../../../components/ui/confirm-dialog.tsx';
import { Card, DataTable, StatusBadge } from '../../../components/ui/misc.tsx';
import { SecretsDialog } from '../../../components/ui/secrets-dialog.tsx';
import { MutationStatus, QueryView } from '../../../components/ui/states.tsx';
import { useFormat } from '../../../lib/format.ts';
import { useCreateApp } from '../api/create-app.ts';
import { useApps } from '../api/get-apps.ts';
import { useRotateApp } from '../api/rotate-app.ts';
import { useSetAppStatus } from '../api/set-app-status.ts';
import { CreateNamedForm } from './create-named-form.tsx';

/** Apps (B-End): create → keys once; list; disable/enable; rotate → new keys once. */
export function AppsSection() {
  const { t } = useTranslation();
  const f = useFormat();
  const apps = useApps();
  const create = useCreateApp();
  const rotate = useRotateApp();
  const setStatus = useSetAppStatus();
  const [rotating, setRotating] = useState<string | null>(null);
  // Disabling stops the merchant's system at once: it asks first, as revoking a token does.
  const [disabling, setDisabling] = useState<{ appId: string; name: string } | null>(null);
  // The keys live here only while the dialog is open.
  const [shown, setShown] = useState<AppKeys | null>(null);

  const done = () => {
    setShown(null);
    create.reset();
    rotate.reset();
  };

  return (
    <Card title={t('apps.title')}>
      <p className="muted">{t('apps.intro')}</p>
      <p>
        <Link to="/api-docs#bend">{t('apps.docsLink')}</Link>
      </p>
      <CreateNamedForm
        submitLabel={t('apps.create')}
        nameLabel={t('apps.name')}
        pendingText={t('apps.creating')}
        schema={createAppBody}
        bodyOf={(name) => ({ name })}
        mutation={create}
        onCreated={setShown}
      />
      <QueryView query={apps} isEmpty={(d) => d.items.length === 0} empty={t('apps.none')}>
        {(data) => (
          <DataTable
            label={t('apps.title')}
            columns={[
              t('apps.name'),
              t('apps.appId'),
              t('apps.status'),
              t('apps.created'),
              t('apps.lastUsed'),
              t('common.actions'),
            ]}
          >
            {data.items.map((app) => (
              <tr key={app.app_id}>
                <td>{app.name}</td>
                <td className="mono">{app.app_id}</td>
                <td>
                  <StatusBadge status={app.status} label={t(`apps.statusValue.${app.status}`)} />
                </td>
                <td>{f.dateTime(app.created_at)}</td>
                <td>{app.last_used_at ? f.dateTime(app.last_used_at) : t('common.never')}</td>
                <td>
                  <div className="section-actions">
                    <Button
                      size="sm"
                      variant="secondary"
                      isPending={setStatus.isPending && setStatus.variables.appId === app.app_id}
                      aria-label={`${t(app.status === 'active' ? 'apps.disable' : 'apps.enable')} ${app.name}`}
                      onPress={() =>
                        app.status === 'active'
                          ? setDisabling({ appId: app.app_id, name: app.name })
                          : setStatus.mutate({ appId: app.app_id, status: 'active' })
                      }
                    >
                      {t(app.status === 'active' ? 'apps.disable' : 'apps.enable')}
                    </Button>
                    <Button
                      size="sm"
                      variant="secondary"
                      aria-label={`${t('apps.rotate')} ${app.name}`}
                      onPress={() => setRotating(app.app_id)}
                    >
                      {t('apps.rotate')}
                    </Button>
                  </div>
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </QueryView>
      <MutationStatus
        isPending={setStatus.isPending}
        isSuccess={setStatus.isSuccess}
        error={setStatus.error}
        successText={
          setStatus.data
            ? t(`apps.statusChanged.${setStatus.data.status}`, { name: setStatus.data.name })
            : undefined
        }
      />
      <MutationStatus
        isPending={rotate.isPending}
        isSuccess={false}
        error={rotate.error}
        pendingText={t('apps.rotating')}
      />
      <ConfirmDialog
        isOpen={disabling !== null}
        onOpenChange={(open) => !open && setDisabling(null)}
        title={t('apps.disableTitle')}
        confirmLabel={t('apps.disableConfirm')}
        isPending={setStatus.isPending}
        onConfirm={() =>
          disabling
            ? setStatus.mutate(
                { appId: disabling.appId, status: 'disabled' },
                { onSettled: () => setDisabling(null) },
              )
            : false
        }
      >
        <p>{t('apps.disableWarning', { name: disabling?.name ?? '', appId: disabling?.appId ?? '' })}</p>
      </ConfirmDialog>
      <ConfirmDialog
        isOpen={rotating !== null}
        onOpenChange={(open) => !open && setRotating(null)}
        title={t('apps.rotateTitle')}
        confirmLabel={t('apps.rotateConfirm')}
        isPending={rotate.isPending}
        onConfirm={() => {
          const appId = rotating;
          if (!appId) return;
          rotate.mutate(appId, {
            onSuccess: (keys) => {
              setRotating(null);
              setShown(keys);
            },
            onError: () => setRotating(null),
          });
        }}
      >
        <p>{t('apps.rotateWarning', { appId: rotating ?? '' })}</p>
      </ConfirmDialog>
      <SecretsDialog
        isOpen={shown !== null}
        title={t('apps.keysTitle', { name: shown?.name ?? '' })}
        intro={t('apps.keysIntro')}
        secrets={
          shown
            ? [
                { label: t('apps.appId'), value: shown.app_id },
                { label: t('apps.secretKey'), value: shown.secret_key },
                { label: t('apps.signKey'), value: shown.sign_key },
              ]
            : []
        }
        onDone={done}
      />
    </Card>
  );
}
