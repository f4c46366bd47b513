import type { Writer } from '../../db/writer.ts';
import { auditEntries } from '../audit/audit.entries.ts';
import { type AuditActor, recordAudit } from '../audit/audit.service.ts';
import type { SessionsService } from '../sessions/sessions.service.ts';
import type { TwoFactorService } from './two-factor.service.ts';

/** Whose factor: a merchant's login (the audit entry names its merchant) or an operator's. */
export type FactorLogin =
  { kind: 'portal'; subjectId: string; merchantId: string } | { kind: 'admin'; subjectId: string };

/**
 * A lost phone: the login's factor and recovery codes removed, its sessions ended, and
 * `two_factor.reset` audited with the note, in one unit. False when the factor was not on (no
 * audit entry, no session ended). The one path of the console (a merchant's, another operator's)
 * and the CLI.
 */
export function resetTwoFactor(
  deps: { writer: Writer; twoFactor: TwoFactorService; sessions: SessionsService },
  login: FactorLogin,
  actor: AuditActor,
  note: string | null,
): Promise<boolean> {
  return deps.writer.run(async (trx) => {
    if (!(await deps.twoFactor.remove(trx, login.subjectId))) return false;
    await deps.sessions.endAll(trx, login.kind, login.subjectId);
    const merchantId = login.kind === 'portal' ? login.merchantId : null;
    await recordAudit(trx, actor, auditEntries.twoFactorReset(login.subjectId, merchantId, note));
    return true;
  });
}
