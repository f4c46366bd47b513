import { useTranslation } from 'react-i18next';
import { TextField } from './text-field.tsx';

/**
 * The second step's field, wherever one is asked for (sign-in, turning two-step sign-in on or off):
 * the authenticator app's 6 digits (a numeric keyboard on phones, the browser's one-time-code
 * autofill), or, with `recovery`, one of the saved recovery codes.
 */
export function OneTimeCodeField({
  recovery = false,
  value,
  onChange,
  errorMessage,
  autoFocus,
}: {
  recovery?: boolean;
  value: string;
  onChange: (v: string) => void;
  errorMessage: string | undefined;
  autoFocus?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <TextField
      key={recovery ? 'recovery_code' : 'code'}
      label={t(recovery ? 'auth.recoveryCode' : 'auth.code')}
      name={recovery ? 'recovery_code' : 'code'}
      autoComplete="one-time-code"
      inputMode={recovery ? 'text' : 'numeric'}
      autoFocus={autoFocus}
      isRequired
      value={value}
      onChange={onChange}
      errorMessage={errorMessage}
    />
  );
}
