import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { Button } from '../../../components/ui/button.tsx';
import { ConfirmDialog } from '../../../components/ui/confirm-dialog.tsx';
import { Banner, Card, PageHeader } from '../../../components/ui/misc.tsx';
import type { Area } from '../../../lib/api-client.ts';
import { AREA_PATHS, useSession } from '../../../lib/auth.ts';
import { MutationStatus } from '../../../components/ui/states.tsx';
import { useSignOutEverywhere } from '../api/sign-out-everywhere.ts';
import { ChangePasswordForm } from '../components/change-password-form.tsx';
import { SecurityEvents } from '../components/security-events.tsx';
import { SignedInSessions } from '../components/signed-in-sessions.tsx';
import { TwoFactorCard } from '../components/two-factor-card.tsx';

/** The portal's Security page: password, two-step sign-in, sign out everywhere, and the account's security events. */
export function SecurityPage() {
  return <Security area="portal" />;
}

/** The console's: an operator's own password, two-step sign-in and sessions (their events are in the audit log). */
export function ConsoleSecurityPage() {
  return <Security area="admin" />;
}

function Security({ area }: { area: Area }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const everywhere = useSignOutEverywhere(area);
  const session = useSession(area);
  const [confirming, setConfirming] = useState(false);
  return (
    <>
      <PageHeader title={t('security.title')} />
      {session.data?.must_change_password && <Banner tone="warning">{t('security.mustChange')}</Banner>}
      <Card title={t('security.changePassword')}>
        <p className="muted">{t('security.changePasswordHint')}</p>
        <ChangePasswordForm area={area} />
      </Card>
      {/* Refused (403) until the temporary password is changed, as the events are. */}
      {!session.data?.must_change_password && <TwoFactorCard area={area} />}
      {!session.data?.must_change_password && (
        <Card title={t('security.sessions.title')}>
          <p className="muted">{t('security.sessions.hint')}</p>
          <SignedInSessions area={area} />
        </Card>
      )}
      <Card title={t('security.signOutEverywhere')}>
        <p className="muted">{t('security.signOutEverywhereHint')}</p>
        <Button variant="danger" onPress={() => setConfirming(true)}>
          {t('security.signOutEverywhere')}
        </Button>
        <MutationStatus isPending={everywhere.isPending} isSuccess={false} error={everywhere.error} />
        <ConfirmDialog
          isOpen={confirming}
          onOpenChange={setConfirming}
          title={t('security.signOutEverywhere')}
          confirmLabel={t('security.signOutEverywhereConfirm')}
          isPending={everywhere.isPending}
          onConfirm={() =>
            everywhere.mutate(undefined, {
              onSuccess: () => void navigate(AREA_PATHS[area].signIn, { replace: true }),
              onSettled: () => setConfirming(false),
            })
          }
        >
          <p>{t('security.signOutEverywhereWarning')}</p>
        </ConfirmDialog>
      </Card>
      {/* The events are refused (403) until the temporary password is changed: not asked for. */}
      {area === 'portal' && !session.data?.must_change_password && (
        <Card title={t('security.events')}>
          <SecurityEvents />
        </Card>
      )}
    </>
  );
}
