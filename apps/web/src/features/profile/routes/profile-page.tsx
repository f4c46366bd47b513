import { useTranslation } from 'react-i18next';
import { Card, Facts, PageHeader } from '../../../components/ui/misc.tsx';
import { ErrorState, Loading } from '../../../components/ui/states.tsx';
import { BankAccountForm } from '../../../components/bank-account-form.tsx';
import { ProfileForm } from '../../../components/profile-form.tsx';
import { useProfile } from '../api/get-profile.ts';
import { useUpdateBankAccount } from '../api/update-bank-account.ts';
import { useUpdateProfile } from '../api/update-profile.ts';

export function ProfilePage() {
  const { t } = useTranslation();
  const profile = useProfile();
  const updateProfile = useUpdateProfile();
  const updateBank = useUpdateBankAccount();
  return (
    <>
      <PageHeader title={t('profile.title')} />
      {profile.isPending ? (
        <Loading />
      ) : profile.isError ? (
        <ErrorState error={profile.error} onRetry={() => void profile.refetch()} />
      ) : (
        <>
          <Card title={t('profile.merchantInfo')}>
            <Facts
              items={[
                [t('profile.merchantId'), <span className="mono">{profile.data.merchant_id}</span>, 'wide'],
                [t('auth.email'), profile.data.email],
              ]}
            />
            <ProfileForm profile={profile.data} update={updateProfile} />
          </Card>
          <Card title={t('profile.bankAccount')}>
            <BankAccountForm profile={profile.data} update={updateBank} />
          </Card>
        </>
      )}
    </>
  );
}
