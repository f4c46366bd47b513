import { createTokenBody, type NewToken } from '@tradepost/web-contract';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Button } from '../../../components/ui/button.tsx';
import { Checkbox } from '../../../components/ui/checkbox.tsx';
import { ConfirmDialog } from '../../../components/ui/confirm-dialog.tsx';
import { Card, DataTable, StatusBadge } from '../../../components/ui/misc.tsx';
import { SecretsDialog } from '../../../components/ui/secrets-dialog.tsx';
import { MutationStatus, QueryView } from '../../../components/ui/states.tsx';
import { useFormat } from '../../../lib/format.ts';
import { useCreateToken } from '../api/create-token.ts';
import { useTokens } from '../api/get-tokens.ts';
import { useRevokeToken } from '../api/revoke-token.ts';
import { CreateNamedForm } from './create-named-form.tsx';

/** WallTech API tokens: create named (secret once), read-only option, list with last use, revoke. */
export function TokensSection() {
  const { t } = useTranslation();
  const f = useFormat();
  const tokens = useTokens();
  const create = useCreateToken();
  const revoke = useRevokeToken();
  const [readOnly, setReadOnly] = useState(false);
  const [revoking, setRevoking] = useState<{ token: string; name: string } | null>(null);
  const [shown, setShown] = useState<NewToken | null>(null);

  return (
    <Card title={t('tokens.title')}>
      <p className="muted">{t('tokens.intro')}</p>
      <p>
        <Link to="/api-docs#tokens">{t('tokens.docsLink')}</Link>
      </p>
      <CreateNamedForm
        submitLabel={t('tokens.create')}
        nameLabel={t('tokens.name')}
        pendingText={t('tokens.creating')}
        schema={createTokenBody}
        bodyOf={(name) => ({ name, read_only: readOnly })}
        mutation={create}
        onCreated={setShown}
      >
        <Checkbox isSelected={readOnly} onChange={setReadOnly}>
          {t('common.readOnlyOption')}
        </Checkbox>
      </CreateNamedForm>
      <QueryView query={tokens} isEmpty={(d) => d.items.length === 0} empty={t('tokens.none')}>
        {(data) => (
          <DataTable
            label={t('tokens.title')}
            columns={[
              t('tokens.name'),
              t('tokens.token'),
              t('tokens.access'),
              t('tokens.status'),
              t('tokens.lastUsed'),
              t('common.actions'),
            ]}
          >
            {data.items.map((tok) => (
              <tr key={tok.token}>
                <td>{tok.name}</td>
                <td className="mono">{tok.token}</td>
                <td>{tok.read_only ? t('common.readOnly') : t('common.readWrite')}</td>
                <td>
                  <StatusBadge status={tok.status} label={t(`tokens.statusValue.${tok.status}`)} />
                </td>
                <td>{tok.last_used_at ? f.dateTime(tok.last_used_at) : t('common.never')}</td>
                <td>
                  {tok.status === 'active' && (
                    <Button
                      size="sm"
                      variant="danger"
                      aria-label={`${t('tokens.revoke')} ${tok.name}`}
                      onPress={() => setRevoking({ token: tok.token, name: tok.name })}
                    >
                      {t('tokens.revoke')}
                    </Button>
                  )}
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </QueryView>
      <MutationStatus
        isPending={revoke.isPending}
        isSuccess={revoke.isSuccess}
        error={revoke.error}
        successText={revoke.data ? t('tokens.revoked', { name: revoke.data.name }) : undefined}
        focusOnSuccess
      />
      <ConfirmDialog
        isOpen={revoking !== null}
        onOpenChange={(open) => !open && setRevoking(null)}
        title={t('tokens.revokeTitle')}
        confirmLabel={t('tokens.revokeConfirm')}
        isPending={revoke.isPending}
        onConfirm={() =>
          revoking ? revoke.mutate(revoking.token, { onSettled: () => setRevoking(null) }) : false
        }
      >
        <p>{t('tokens.revokeWarning', { name: revoking?.name ?? '' })}</p>
      </ConfirmDialog>
      <SecretsDialog
        isOpen={shown !== null}
        title={t('tokens.shownTitle', { name: shown?.name ?? '' })}
        intro={t('tokens.shownIntro')}
        secrets={
          shown
            ? [
                { label: t('tokens.token'), value: shown.token },
                { label: t('tokens.secret'), value: shown.secret_key },
              ]
            : []
        }
        onDone={() => {
          setShown(null);
          create.reset();
        }}
      />
    </Card>
  );
}
