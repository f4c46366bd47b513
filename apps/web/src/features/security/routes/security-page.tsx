import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { Button } from '../../../components/ui/button.tsx';
import { ConfirmDialog } from '../../../components/ui/confirm-dialog.tsx';
import { Banner, Card, PageHeader } from '../../../components/ui/misc.tsx';
import { useSession } from '../../../lib/auth.ts';
import { MutationStatus } from '../../../components/ui/states.tsx';
import { useSignOutEverywhere } from '../api/sign-out-everywhere.ts';
import { ChangePasswordForm } from '../components/change-password-form.tsx';
import { SecurityEvents } from '../components/security-events.tsx';

export function SecurityPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const everywhere = useSignOutEverywhere();
  const session = useSession('portal');
  const [confirming, setConfirming] = useState(false);
  return (
    <>
      <PageHeader title={t('security.title')} />
      {session.data?.must_change_password && <Banner tone="warning">{t('security.mustChange')}</Banner>}
      <Card title={t('security.changePassword')}>
        <p className="muted">{t('security.changePasswordHint')}</p>
        <ChangePasswordForm />
      </Card>
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
              onSuccess: () => void navigate('/sign-in', { replace: true }),
              onSettled: () => setConfirming(false),
            })
          }
        >
          <p>{t('security.signOutEverywhereWarning')}</p>
        </ConfirmDialog>
      </Card>
      <Card title={t('security.events')}>
        <SecurityEvents />
      </Card>
    </>
  );
}
