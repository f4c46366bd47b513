import { createHash, randomBytes } from 'node:crypto';
import {
  normalizeRecoveryCode,
  RECOVERY_CODE_COUNT,
  TOTP_ISSUER,
  type TwoFactorSetup,
  type TwoFactorStatus,
} from '@tradepost/web-contract';
import type { Kysely, Transaction } from 'kysely';
import { generateSecret, generateURI, verifySync } from 'otplib';
import type { Database } from '../../db/database.ts';
import type { InUnit, Writer } from '../../db/writer.ts';
import type { SecretBox } from '../../shared/secret-box.ts';
import { nowIso, wireTime } from '../../shared/time.ts';
import type { SessionKind } from '../sessions/sessions.table.ts';
import * as repo from './two-factor.repository.ts';
import type { TwoFactorRow } from './two-factor.table.ts';

/** The AAD of a login's sealed TOTP secret: the secret opens only in its own row. */
export const secretContext = (subjectId: string) => `two_factor:${subjectId}:secret`;

/** RFC 6238 as authenticator apps use it: SHA-1, 6 digits, 30-second steps. */
const PERIOD_SECONDS = 30;
/** One step of drift either way (a phone's clock a little off, a code typed as it turned). */
const TOLERANCE_SECONDS = PERIOD_SECONDS;

/** What a second factor is given as: the app's code or a recovery code (the contract checked the form). */
export interface SecondFactor {
  code?: string | undefined;
  recoveryCode?: string | undefined;
}

/** Which factor worked, and how many recovery codes are left after it. */
export type Spent = { by: 'code' } | { by: 'recovery_code'; left: number };

export interface TwoFactorService {
  status(subjectId: string): Promise<TwoFactorStatus>;
  isEnabled(subjectId: string): Promise<boolean>;
  /**
   * A new secret for the login, sealed and waiting for its first code (a setup started before and
   * never confirmed is replaced). Null when the factor is already on: turn it off first.
   */
  begin(login: { kind: SessionKind; subjectId: string; email: string }): Promise<TwoFactorSetup | null>;
  /**
   * Turns the waiting setup on with a current code of its secret, and hands out the recovery
   * codes (only their hashes are kept). Null (nothing changed) for a wrong or used code, or when
   * no setup waits. `inUnit` runs in the same unit (the audit entry).
   */
  confirm(subjectId: string, code: string, opts: { inUnit: InUnit<void> }): Promise<string[] | null>;
  /**
   * Checks a second factor and spends it, in the caller's unit: a code's step is remembered (no
   * code of it or an earlier step works again), a recovery code is used up. Null: wrong, used, or
   * the factor is not on.
   */
  spend(
    trx: Transaction<Database>,
    subjectId: string,
    factor: SecondFactor,
    now?: Date,
  ): Promise<Spent | null>;
  /** Removes the factor and its recovery codes in the caller's unit when it is on (true); else changes nothing. */
  remove(trx: Transaction<Database>, subjectId: string): Promise<boolean>;
}

const hashRecoveryCode = (code: string) =>
  createHash('sha256').update(normalizeRecoveryCode(code), 'utf8').digest('hex');

/** 16 characters of lowercase base32 (80 random bits), in groups of four. */
function newRecoveryCode(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  const bytes = randomBytes(16);
  let out = '';
  for (let i = 0; i < 16; i++) out += alphabet[bytes[i]! & 31];
  return out.match(/.{4}/g)!.join('-');
}

export function createTwoFactorService(deps: {
  db: Kysely<Database>;
  writer: Writer;
  box: SecretBox;
}): TwoFactorService {
  const { db, writer, box } = deps;

  /** The step of a right code not taken before, or null. */
  const stepOf = (row: TwoFactorRow, code: string, now: Date): number | null => {
    const secret = box.open(row.secret_sealed, secretContext(row.subject_id));
    let r: ReturnType<typeof verifySync>;
    try {
      r = verifySync({
        secret,
        token: code,
        epoch: Math.floor(now.getTime() / 1000),
        period: PERIOD_SECONDS,
        epochTolerance: TOLERANCE_SECONDS,
        ...(row.last_step !== null ? { afterTimeStep: row.last_step } : {}),
      });
    } catch {
      // otplib refuses an afterTimeStep past the window's end: the clock went back below the last
      // step taken, and no code of the window may work again anyway.
      return null;
    }
    // A TOTP verification's result names the step (the functional API's type also covers HOTP).
    return r.valid && 'timeStep' in r ? r.timeStep : null;
  };

  return {
    async status(subjectId) {
      const row = await repo.findFactor(db, subjectId);
      if (!row?.enabled_at) return { enabled: false, enabled_at: null, recovery_codes_left: 0 };
      return {
        enabled: true,
        enabled_at: wireTime(row.enabled_at),
        recovery_codes_left: await repo.recoveryCodesLeft(db, subjectId),
      };
    },

    async isEnabled(subjectId) {
      return Boolean((await repo.findFactor(db, subjectId))?.enabled_at);
    },

    async begin({ kind, subjectId, email }) {
      const secret = generateSecret();
      const now = nowIso();
      const began = await writer.run((trx) =>
        repo.upsertPending(trx, {
          subject_id: subjectId,
          kind,
          secret_sealed: box.seal(secret, secretContext(subjectId)),
          enabled_at: null,
          last_step: null,
          created_at: now,
          updated_at: now,
        }),
      );
      if (!began) return null;
      const uri = generateURI({ issuer: TOTP_ISSUER, label: email, secret, period: PERIOD_SECONDS });
      // Loaded here, not at start: only enrolment draws one (qrcode is ~60 modules, ~50 ms a CLI call).
      const { default: QRCode } = await import('qrcode');
      const svg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
      return {
        secret,
        otpauth_uri: uri,
        qr_svg_data_url: `data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}`,
      };
    },

    async confirm(subjectId, code, { inUnit }) {
      const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
      return writer.run(async (trx) => {
        const row = await repo.findFactor(trx, subjectId);
        if (!row || row.enabled_at) return null;
        const step = stepOf(row, code, new Date());
        if (step === null || !(await repo.takeStep(trx, subjectId, step, nowIso(), { enable: true })))
          return null;
        await repo.insertRecoveryCodes(trx, subjectId, codes.map(hashRecoveryCode));
        await inUnit(trx);
        return codes;
      });
    },

    async spend(trx, subjectId, factor, now = new Date()) {
      const row = await repo.findFactor(trx, subjectId);
      if (!row?.enabled_at) return null;
      if (factor.code !== undefined) {
        const step = stepOf(row, factor.code, now);
        return step !== null && (await repo.takeStep(trx, subjectId, step, nowIso(now)))
          ? { by: 'code' }
          : null;
      }
      if (factor.recoveryCode !== undefined) {
        const used = await repo.useRecoveryCode(
          trx,
          subjectId,
          hashRecoveryCode(factor.recoveryCode),
          nowIso(now),
        );
        return used ? { by: 'recovery_code', left: await repo.recoveryCodesLeft(trx, subjectId) } : null;
      }
      return null;
    },

    remove: (trx, subjectId) => repo.removeFactor(trx, subjectId),
  };
}
