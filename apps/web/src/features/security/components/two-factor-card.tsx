import { confirmTwoFactorBody, disableTwoFactorBody, type TwoFactorStatus } from '@tradepost/web-contract';
import { useState, type FormEvent } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { Card, CopyButton } from '../../../components/ui/misc.tsx';
import { CodeListDialog } from '../../../components/ui/secrets-dialog.tsx';
import { MutationStatus, QueryView } from '../../../components/ui/states.tsx';
import { OneTimeCodeField } from '../../../components/ui/one-time-code-field.tsx';
import { TextField } from '../../../components/ui/text-field.tsx';
import type { Area } from '../../../lib/api-client.ts';
import { useSession } from '../../../lib/auth.ts';
import { useFormat } from '../../../lib/format.ts';
import { useFormCheck } from '../../../lib/zod-fields.ts';
import { useConfirmTwoFactor } from '../api/confirm-two-factor.ts';
import { useDisableTwoFactor } from '../api/disable-two-factor.ts';
import { useTwoFactor } from '../api/get-two-factor.ts';
import { useSetupTwoFactor } from '../api/setup-two-factor.ts';

/**
 * Two-step sign-in on the Security page (portal and console alike): off, a setup (the secret as a
 * QR code and as text, confirmed with the password and a current code), the recovery codes shown
 * once, and on (turned off with the password and a code or a recovery code).
 */
export function TwoFactorCard({ area }: { area: Area }) {
  const { t } = useTranslation();
  const status = useTwoFactor(area);
  return (
    <Card title={t('security.twoFactor.title')}>
      <QueryView query={status}>
        {(s) =>
          s.enabled ? (
            <TurnOff area={area} status={s} />
          ) : (
            <TurnOn area={area} onOn={() => void status.refetch()} />
          )
        }
      </QueryView>
    </Card>
  );
}

function TurnOn({ area, onOn }: { area: Area; onOn: () => void }) {
  const { t } = useTranslation();
  const setup = useSetupTwoFactor(area);
  const confirm = useConfirmTwoFactor(area);
  const [values, setValues] = useState({ password: '', code: '' });
  const form = useFormCheck(confirm);
  const done = () => {
    // The secret and the codes exist nowhere in the page once the person has saved them.
    if (confirm.isSuccess) onOn();
    confirm.reset();
    setup.reset();
    setValues({ password: '', code: '' });
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = form.check(confirmTwoFactorBody, values);
    if (parsed) confirm.mutate(parsed);
  };
  const codes = confirm.data?.recovery_codes;
  const session = useSession(area).data;
  const email = session && ('user' in session ? session.user.email : session.operator.email);

  if (!setup.data) {
    return (
      <>
        <p className="muted">{t('security.twoFactor.off')}</p>
        <div className="row">
          <Button onPress={() => setup.mutate()} isPending={setup.isPending}>
            {t('security.twoFactor.turnOn')}
          </Button>
        </div>
        <MutationStatus isPending={setup.isPending} isSuccess={false} error={setup.error} />
      </>
    );
  }
  return (
    <>
      <p>{t('security.twoFactor.scan')}</p>
      <img
        className="qr-code"
        src={setup.data.qr_svg_data_url}
        alt={t('security.twoFactor.qrAlt')}
        width={200}
        height={200}
      />
      <div className="secret">
        <TextField
          label={t('security.twoFactor.key')}
          value={setup.data.secret}
          isReadOnly
          className="secret-field"
        />
        <CopyButton value={setup.data.secret} label={t('security.twoFactor.key')} />
      </div>
      <p>{t('security.twoFactor.enterCode')}</p>
      <Form
        onSubmit={onSubmit}
        className="form narrow"
        validationBehavior="aria"
        aria-label={t('security.twoFactor.turnOn')}
      >
        <OneTimeCodeField
          value={values.code}
          onChange={(v) => setValues((s) => ({ ...s, code: v }))}
          errorMessage={form.fieldError('code')}
        />
        <PasswordField
          value={values.password}
          onChange={(v) => setValues((s) => ({ ...s, password: v }))}
          errorMessage={form.fieldError('password')}
        />
        <div className="row">
          <Button type="submit" isPending={confirm.isPending}>
            {t('security.twoFactor.confirm')}
          </Button>
          <Button variant="secondary" onPress={done}>
            {t('security.twoFactor.cancel')}
          </Button>
        </div>
        <MutationStatus
          isPending={confirm.isPending}
          isSuccess={false}
          error={confirm.error}
          onField={form.onField}
        />
      </Form>
      <CodeListDialog
        isOpen={codes !== undefined}
        title={t('security.twoFactor.recoveryTitle')}
        intro={t('security.twoFactor.recoveryIntro')}
        codes={codes ?? []}
        listLabel={t('security.twoFactor.recoveryCodes')}
        fileName={`tradepost-recovery-codes-${area === 'admin' ? 'console' : 'portal'}.txt`}
        fileHeading={t(`security.twoFactor.recoveryFile.${area}`, { email, site: window.location.host })}
        onDone={done}
      />
    </>
  );
}

function TurnOff({ area, status }: { area: Area; status: TwoFactorStatus }) {
  const { t } = useTranslation();
  const f = useFormat();
  const disable = useDisableTwoFactor(area);
  const [byRecovery, setByRecovery] = useState(false);
  const [values, setValues] = useState({ password: '', code: '' });
  const form = useFormCheck(disable);
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const body = byRecovery
      ? { password: values.password, recovery_code: values.code }
      : { password: values.password, code: values.code };
    const parsed = form.check(disableTwoFactorBody, body);
    if (parsed) disable.mutate(parsed);
  };
  const codeField = byRecovery ? 'recovery_code' : 'code';
  return (
    <>
      <p>
        {t('security.twoFactor.on', {
          date: f.dateTime(status.enabled_at!),
          count: status.recovery_codes_left,
        })}
      </p>
      <p className="muted">{t('security.twoFactor.turnOffHint')}</p>
      <Form
        onSubmit={onSubmit}
        className="form narrow"
        validationBehavior="aria"
        aria-label={t('security.twoFactor.turnOff')}
      >
        <PasswordField
          value={values.password}
          onChange={(v) => setValues((s) => ({ ...s, password: v }))}
          errorMessage={form.fieldError('password')}
        />
        <OneTimeCodeField
          recovery={byRecovery}
          value={values.code}
          onChange={(v) => setValues((s) => ({ ...s, code: v }))}
          errorMessage={form.fieldError(codeField)}
        />
        <div className="row">
          <Button type="submit" variant="danger" isPending={disable.isPending}>
            {t('security.twoFactor.turnOff')}
          </Button>
          <Button variant="secondary" onPress={() => setByRecovery((b) => !b)}>
            {t(byRecovery ? 'auth.useCode' : 'auth.useRecoveryCode')}
          </Button>
        </div>
        <MutationStatus
          isPending={disable.isPending}
          isSuccess={false}
          error={disable.error}
          onField={form.onField}
        />
      </Form>
    </>
  );
}

/** The login's current password, which turning the factor on or off asks for again. */
function PasswordField(props: {
  value: string;
  onChange: (v: string) => void;
  errorMessage: string | undefined;
}) {
  const { t } = useTranslation();
  return (
    <TextField
      label={t('auth.password')}
      type="password"
      autoComplete="current-password"
      isRequired
      {...props}
    />
  );
}
