import type { SignInFailures } from '@tradepost/web-contract';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../lib/format.ts';

/**
 * A login's failed sign-ins of the last 15 minutes, for the operator someone tells "I cannot sign
 * in": how many, the latest, from how many addresses, and, while the throttle holds it, until when
 * and that a password reset ends it. `short`: one line for a table row (the team).
 */
export function SignInFailuresText({ failures, short }: { failures: SignInFailures; short?: boolean }) {
  const { t } = useTranslation();
  const f = useFormat();
  const until = failures.held_until && f.dateTime(failures.held_until);
  if (short)
    return (
      <div className={until ? 'sign-in-held' : 'muted'}>
        {until
          ? t('console.signIns.heldShort', { until })
          : t('console.signIns.failedShort', { count: failures.count })}
      </div>
    );
  return (
    <>
      {t('console.signIns.summary', { count: failures.count, last: f.dateTime(failures.last_at) })}
      {failures.addresses > 1 && ` ${t('console.signIns.addresses', { addresses: failures.addresses })}`}
      {until && <div className="sign-in-held">{t('console.signIns.held', { until })}</div>}
    </>
  );
}
