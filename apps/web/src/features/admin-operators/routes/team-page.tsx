import type { TeamMemberView } from '@tradepost/web-contract';
import { useState } from 'react';
import { Menu, MenuItem, MenuTrigger, Popover } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { SignInFailuresText } from '../../../components/sign-in-failures.tsx';
import { Button } from '../../../components/ui/button.tsx';
import { ConfirmDialog } from '../../../components/ui/confirm-dialog.tsx';
import { Card, DataTable, PageHeader, StatusBadge } from '../../../components/ui/misc.tsx';
import { NoteDialog } from '../../../components/ui/note-dialog.tsx';
import { SecretsDialog } from '../../../components/ui/secrets-dialog.tsx';
import { MutationStatus, QueryView } from '../../../components/ui/states.tsx';
import { useCanManage, useSession } from '../../../lib/auth.ts';
import { useFormat } from '../../../lib/format.ts';
import {
  type AccessChange,
  useOperators,
  useResetOperatorPassword,
  useResetOperatorTwoFactor,
  useSetOperatorAccess,
} from '../api/operators.ts';
import { AddOperatorForm } from '../components/add-operator-form.tsx';

/** One change to confirm: what it is, on whom (a two-step sign-in reset also asks for a note). */
type Pending = {
  operator: TeamMemberView;
  action: 'makeAdmin' | 'makeSupport' | 'disable' | 'enable' | 'reset' | 'resetTwoFactor';
};

const CHANGE: Record<Exclude<Pending['action'], 'reset' | 'resetTwoFactor'>, (id: string) => AccessChange> = {
  makeAdmin: (operatorId) => ({ operatorId, role: 'admin' }),
  makeSupport: (operatorId) => ({ operatorId, role: 'support' }),
  disable: (operatorId) => ({ operatorId, status: 'disabled' }),
  enable: (operatorId) => ({ operatorId, status: 'active' }),
};

/**
 * The console's team: who can sign in to the console, with which role, and whether two-step
 * sign-in is on. An admin adds operators and changes another's role, access and password, and
 * resets another's two-step sign-in (a lost phone, with a note); nobody changes their own here
 * (Security does the password and the factor), and the server keeps one active admin.
 */
export function TeamPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const list = useOperators();
  const canManage = useCanManage();
  const self = useSession('admin').data?.operator.operator_id;
  const access = useSetOperatorAccess();
  const reset = useResetOperatorPassword();
  const resetTwoFactor = useResetOperatorTwoFactor();
  const [pending, setPending] = useState<Pending | null>(null);

  const confirm = () => {
    if (!pending || pending.action === 'resetTwoFactor') return;
    const done = { onSettled: () => setPending(null) };
    if (pending.action === 'reset') reset.mutate(pending.operator.operator_id, done);
    else access.mutate(CHANGE[pending.action](pending.operator.operator_id), done);
  };
  // A refusal stays in the note's dialog (the page is behind it); success closes it.
  const confirmTwoFactorReset = (note: string) => {
    if (pending?.action !== 'resetTwoFactor') return;
    resetTwoFactor.mutate(
      { operatorId: pending.operator.operator_id, note },
      { onSuccess: () => setPending(null) },
    );
  };
  const choose = (next: Pending) => {
    resetTwoFactor.reset();
    setPending(next);
  };
  // One compact menu per row (as the order queue's), so the table fits 1280 px.
  const actions = (o: TeamMemberView) => {
    if (o.operator_id === self) return <span className="muted">{t('console.team.you')}</span>;
    const offered: Pending['action'][] = [
      o.role === 'admin' ? 'makeSupport' : 'makeAdmin',
      o.status === 'active' ? 'disable' : 'enable',
      ...(o.status === 'active' ? (['reset'] as const) : []),
      // Offered only while it is on (the server answers 409 otherwise).
      ...(o.two_factor_enabled ? (['resetTwoFactor'] as const) : []),
    ];
    return (
      <MenuTrigger>
        <Button size="sm" variant="secondary" aria-label={t('console.team.actionsFor', { email: o.email })}>
          <span aria-hidden="true">⋯</span>
        </Button>
        <Popover className="popover" placement="bottom end">
          <Menu
            className="listbox"
            onAction={(key) => choose({ operator: o, action: key as Pending['action'] })}
          >
            {offered.map((action) => (
              <MenuItem key={action} id={action} className="listbox-item">
                {t(`console.team.action.${action}`)}
              </MenuItem>
            ))}
          </Menu>
        </Popover>
      </MenuTrigger>
    );
  };
  return (
    <>
      <PageHeader title={t('console.team.title')} />
      {canManage && (
        <Card title={t('console.team.add')}>
          <AddOperatorForm />
        </Card>
      )}
      <Card>
        <p className="muted">{t('console.team.hint')}</p>
        <MutationStatus
          isPending={access.isPending}
          isSuccess={access.isSuccess || resetTwoFactor.isSuccess}
          error={access.error ?? reset.error}
          successText={t('console.actions.done')}
        />
        <QueryView query={list} isEmpty={(d) => d.items.length === 0} empty={t('console.team.none')}>
          {(data) => (
            <DataTable
              label={t('console.team.title')}
              columns={[
                t('console.team.field.name'),
                t('console.team.field.email'),
                t('console.team.field.role'),
                t('console.team.field.status'),
                t('console.team.field.since'),
                t('console.team.field.lastSignIn'),
                ...(canManage ? [t('console.team.field.actions')] : []),
              ]}
            >
              {data.items.map((o) => (
                <tr key={o.operator_id}>
                  <td>{o.name}</td>
                  <td className="team-email">{o.email}</td>
                  <td>{t(`console.team.role.${o.role}`)}</td>
                  <td>
                    <StatusBadge status={o.status} label={t(`console.team.status.${o.status}`)} />
                    {/* Under the status, not a column of its own: the table fits 1280 px. */}
                    <div className="team-two-factor">
                      <StatusBadge
                        status={o.two_factor_enabled ? 'enabled' : 'off'}
                        label={t(
                          o.two_factor_enabled ? 'console.team.twoFactorOn' : 'console.team.twoFactorOff',
                        )}
                      />
                    </div>
                    {o.must_change_password && o.status === 'active' && (
                      <div className="muted">{t('console.team.temporaryPassword')}</div>
                    )}
                    {o.failed_sign_ins && <SignInFailuresText failures={o.failed_sign_ins} short />}
                  </td>
                  <td>{f.date(o.created_at)}</td>
                  <td>{o.last_sign_in_at ? f.dateTime(o.last_sign_in_at) : t('console.team.never')}</td>
                  {canManage && <td>{actions(o)}</td>}
                </tr>
              ))}
            </DataTable>
          )}
        </QueryView>
      </Card>
      <ConfirmDialog
        isOpen={pending !== null && pending.action !== 'resetTwoFactor'}
        onOpenChange={(open) => !open && setPending(null)}
        title={pending ? t(`console.team.action.${pending.action}`) : ''}
        confirmLabel={pending ? t(`console.team.action.${pending.action}`) : ''}
        onConfirm={confirm}
        isPending={access.isPending || reset.isPending}
      >
        <p>{pending && t(`console.team.consequence.${pending.action}`, { email: pending.operator.email })}</p>
      </ConfirmDialog>
      <NoteDialog
        isOpen={pending?.action === 'resetTwoFactor'}
        onClose={() => setPending(null)}
        title={t('console.team.action.resetTwoFactor')}
        consequence={
          pending ? t('console.team.consequence.resetTwoFactor', { email: pending.operator.email }) : ''
        }
        noteLabel={t('console.actions.note')}
        noteHint={t('console.team.noteHint')}
        confirmLabel={t('console.team.action.resetTwoFactor')}
        onConfirm={confirmTwoFactorReset}
        isPending={resetTwoFactor.isPending}
        error={resetTwoFactor.error}
      />
      <SecretsDialog
        isOpen={reset.data !== undefined}
        title={t('console.merchants.tempPasswordTitle')}
        intro={t('console.team.tempPasswordIntro')}
        secrets={
          reset.data
            ? [{ label: t('console.merchants.tempPassword'), value: reset.data.temporary_password }]
            : []
        }
        onDone={() => reset.reset()}
      />
    </>
  );
}
