import { signInBody } from '@tradepost/web-contract';
import { useState, type FormEvent } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { Button } from '../../../components/ui/button.tsx';
import { LanguageSwitcher } from '../../../components/ui/language-switcher.tsx';
import { usePageTitle } from '../../../components/ui/misc.tsx';
import { Loading, MutationStatus } from '../../../components/ui/states.tsx';
import { OneTimeCodeField } from '../../../components/ui/one-time-code-field.tsx';
import { TextField } from '../../../components/ui/text-field.tsx';
import { ApiError } from '../../../lib/api-client.ts';
import { waitText } from '../../../lib/error-text.ts';
import { AREA_PATHS, useSession, useSignIn } from '../../../lib/auth.ts';
import type { Area } from '../../../lib/api-client.ts';
import { useFormCheck } from '../../../lib/zod-fields.ts';

function SignInPage({ area }: { area: Area }) {
  const { t } = useTranslation();
  const session = useSession(area);
  const signIn = useSignIn(area);
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  // Two-step sign-in: after a right password the server asks for a code (two_factor_required); the
  // page then sends e-mail, password (kept in this state only, never stored) and the code again.
  const [step, setStep] = useState<'password' | 'code'>('password');
  const [byRecovery, setByRecovery] = useState(false);
  const [code, setCode] = useState('');
  // Checked as every other form is (the contract's rule, the page's language), not by the
  // browser's own bubble, which speaks the browser's language.
  const form = useFormCheck(signIn);
  const heading = t(area === 'portal' ? 'auth.portalTitle' : 'auth.consoleTitle');
  usePageTitle(heading);

  // Only same-area, same-origin paths: `next` must never send the person off-site.
  const rawNext = params.get('next') ?? '';
  const home = AREA_PATHS[area].home;
  const next = rawNext.startsWith(home) && !rawNext.startsWith('//') ? rawNext : home;

  if (session.data) return <Navigate to={next} replace />;

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const second = step === 'code' ? (byRecovery ? { recovery_code: code } : { code }) : {};
    const parsed = form.check(signInBody, { email, password, ...second });
    if (!parsed) return;
    signIn.mutate(parsed, {
      onSuccess: () => void navigate(next, { replace: true }),
      onError: (err) => {
        // The first ask is no error to show: the page turns to the code.
        if (step === 'password' && err instanceof ApiError && err.code === 'two_factor_required') {
          signIn.reset();
          setStep('code');
        }
      },
    });
  };
  const back = () => {
    signIn.reset();
    setPassword('');
    setCode('');
    setByRecovery(false);
    setStep('password');
  };
  const wrongCredentials =
    signIn.error instanceof ApiError &&
    signIn.error.status === 401 &&
    signIn.error.code !== 'two_factor_required';
  // Locked out by the throttle: how long, and the way back in sooner (a password reset ends it).
  const lockedOut =
    signIn.error instanceof ApiError && signIn.error.status === 429
      ? t(area === 'portal' ? 'auth.lockedOutPortal' : 'auth.lockedOutConsole', {
          wait: waitText(t, signIn.error.retryAfter ?? 60),
        })
      : null;

  return (
    <main id="main" className="sign-in">
      <div className="sign-in-card">
        <div className="sign-in-top">
          <span className="brand">Tradepost</span>
          <LanguageSwitcher />
        </div>
        <h1>{heading}</h1>
        {session.isPending ? (
          <Loading />
        ) : (
          <Form onSubmit={onSubmit} className="form" validationBehavior="aria">
            {step === 'password' ? (
              <>
                <TextField
                  label={t('auth.email')}
                  type="email"
                  name="email"
                  autoComplete="username"
                  isRequired
                  value={email}
                  onChange={setEmail}
                  errorMessage={form.fieldError('email')}
                />
                <TextField
                  label={t('auth.password')}
                  type="password"
                  name="password"
                  autoComplete="current-password"
                  isRequired
                  value={password}
                  onChange={setPassword}
                  errorMessage={form.fieldError('password')}
                />
              </>
            ) : (
              <>
                <h2>{t('auth.twoFactorTitle')}</h2>
                <p>{t(byRecovery ? 'auth.recoveryIntro' : 'auth.twoFactorIntro')}</p>
                <OneTimeCodeField
                  recovery={byRecovery}
                  autoFocus
                  value={code}
                  onChange={setCode}
                  errorMessage={form.fieldError(byRecovery ? 'recovery_code' : 'code')}
                />
              </>
            )}
            <Button type="submit" isPending={signIn.isPending}>
              {step === 'code'
                ? t(signIn.isPending ? 'auth.verifying' : 'auth.verify')
                : t(signIn.isPending ? 'auth.signingIn' : 'auth.signIn')}
            </Button>
            {step === 'code' && (
              <div className="row">
                <Button
                  variant="secondary"
                  onPress={() => {
                    signIn.reset();
                    setCode('');
                    setByRecovery((b) => !b);
                  }}
                >
                  {t(byRecovery ? 'auth.useCode' : 'auth.useRecoveryCode')}
                </Button>
                <Button variant="secondary" onPress={back}>
                  {t('auth.back')}
                </Button>
              </div>
            )}
            {signIn.isError &&
              (wrongCredentials || lockedOut ? (
                <div className="state state-error" role="alert">
                  {lockedOut ?? t('auth.wrongCredentials')}
                </div>
              ) : (
                <MutationStatus
                  isPending={false}
                  isSuccess={false}
                  error={signIn.error}
                  onField={form.onField}
                />
              ))}
          </Form>
        )}
        <p className="sign-in-switch">
          {area === 'portal' ? (
            <a href="/admin/sign-in">{t('auth.toConsole')}</a>
          ) : (
            <a href="/sign-in">{t('auth.toPortal')}</a>
          )}
        </p>
      </div>
    </main>
  );
}

export function PortalSignInPage() {
  return <SignInPage area="portal" />;
}

export function AdminSignInPage() {
  return <SignInPage area="admin" />;
}
