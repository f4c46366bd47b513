import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { Writer } from '../../db/writer.ts';
import { nowIso, wireTime } from '../../shared/time.ts';
import type { SignedInSession } from '@tradepost/web-contract';
import * as repo from './sessions.repository.ts';
import type { SessionKind } from './sessions.table.ts';

export type { SessionKind } from './sessions.table.ts';

/**
 * Server-side browser sessions (portal and console). The cookie holds a random 256-bit token; the
 * database holds only its SHA-256, so a leaked table or backup opens nothing. A session ends at
 * its absolute timeout, after `idleSeconds` without a request, or when revoked (sign-out,
 * sign-out everywhere, password change or reset). The CSRF token is an HMAC of the session token
 * under a key derived from the master key: bound to the session, never stored, and useless to
 * anyone who does not already hold the cookie.
 */
export interface ActiveSession {
  tokenHash: string;
  kind: SessionKind;
  subjectId: string;
  merchantId: string | null;
  csrfToken: string;
  expiresAt: string;
}

export interface StartedSession extends ActiveSession {
  /** Goes into the cookie; never stored or logged. */
  token: string;
}

export interface SessionsService {
  readonly idleSeconds: number;
  /** Opens a session inside the caller's writer unit (sign-in + its audit entry commit together). */
  start(
    trx: Transaction<Database>,
    s: {
      kind: SessionKind;
      subjectId: string;
      merchantId: string | null;
      ip: string | null;
      userAgent: string | null;
    },
  ): Promise<StartedSession>;
  /** The live session of this kind for a cookie's token, or null (unknown, ended, expired, idle). */
  resolve(kind: SessionKind, token: string): Promise<ActiveSession | null>;
  end(token: string): Promise<void>;
  /** Ends every session of the subject (but `exceptHash`), inside the caller's unit. */
  endAll(
    trx: Transaction<Database>,
    kind: SessionKind,
    subjectId: string,
    exceptHash?: string,
  ): Promise<number>;
  /** The subject's live sessions, newest first; `currentHash` marks the one asking. */
  list(kind: SessionKind, subjectId: string, currentHash: string): Promise<SignedInSession[]>;
  /**
   * Ends one of the subject's live sessions, named by its `list` id, inside the caller's unit:
   * false when the id names none of them (another login's, ended, unknown).
   */
  endById(trx: Transaction<Database>, kind: SessionKind, subjectId: string, id: string): Promise<boolean>;
  csrfMatches(session: ActiveSession, header: unknown): boolean;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
/** A session's name in its login's list: a hash of its token's hash, so it opens nothing. */
export const sessionIdOf = (tokenHash: string) =>
  createHash('sha256').update(`tradepost session id v1:${tokenHash}`).digest('base64url').slice(0, 22);

export function createSessionsService(deps: {
  db: Kysely<Database>;
  writer: Writer;
  masterKey: Buffer;
  idleSeconds: number;
  absoluteSeconds: number;
  now?: () => Date;
}): SessionsService {
  const { db, writer } = deps;
  const now = deps.now ?? (() => new Date());
  const csrfKey = createHmac('sha256', deps.masterKey).update('tradepost web csrf v1').digest();
  const csrfOf = (tokenHash: string) => createHmac('sha256', csrfKey).update(tokenHash).digest('base64url');
  // last_seen_at is written at most this often per session: far below the idle timeout, so the
  // timeout stays accurate to a few percent while a busy page does not write on every request.
  const touchEveryMs = Math.min(60_000, (deps.idleSeconds * 1000) / 10);

  return {
    idleSeconds: deps.idleSeconds,

    async start(trx, s) {
      const token = randomBytes(32).toString('base64url');
      const tokenHash = hashToken(token);
      const t = now();
      const created = nowIso(t);
      const expiresAt = nowIso(new Date(t.getTime() + deps.absoluteSeconds * 1000));
      await repo.deleteExpired(trx, s.kind, s.subjectId, created);
      await repo.insertSession(trx, {
        token_hash: tokenHash,
        kind: s.kind,
        subject_id: s.subjectId,
        merchant_id: s.merchantId,
        created_at: created,
        last_seen_at: created,
        expires_at: expiresAt,
        revoked_at: null,
        ip: s.ip?.slice(0, 64) ?? null,
        user_agent: s.userAgent?.slice(0, 500) ?? null,
      });
      return {
        token,
        tokenHash,
        kind: s.kind,
        subjectId: s.subjectId,
        merchantId: s.merchantId,
        csrfToken: csrfOf(tokenHash),
        expiresAt: wireTime(expiresAt),
      };
    },

    async resolve(kind, token) {
      if (typeof token !== 'string' || token.length < 20 || token.length > 100) return null;
      const tokenHash = hashToken(token);
      const row = await repo.findSession(db, tokenHash);
      const t = now();
      const nowText = nowIso(t);
      if (!row || row.kind !== kind || row.revoked_at !== null || row.expires_at <= nowText) return null;
      const lastSeen = Date.parse(row.last_seen_at);
      if (t.getTime() - lastSeen >= deps.idleSeconds * 1000) return null;
      if (t.getTime() - lastSeen >= touchEveryMs) {
        const staleBefore = nowIso(new Date(t.getTime() - touchEveryMs));
        await writer.run((trx) => repo.touchSession(trx, tokenHash, nowText, staleBefore));
      }
      return {
        tokenHash,
        kind,
        subjectId: row.subject_id,
        merchantId: row.merchant_id,
        csrfToken: csrfOf(tokenHash),
        expiresAt: wireTime(row.expires_at),
      };
    },

    async end(token) {
      if (typeof token !== 'string' || token === '') return;
      await writer.run((trx) => repo.revokeSession(trx, hashToken(token), nowIso(now())));
    },

    endAll: (trx, kind, subjectId, exceptHash) =>
      repo.revokeSubjectSessions(trx, kind, subjectId, nowIso(now()), exceptHash),

    async list(kind, subjectId, currentHash) {
      const t = now();
      const idleCutoff = t.getTime() - deps.idleSeconds * 1000;
      const rows = await repo.findSubjectSessions(db, kind, subjectId, nowIso(t));
      return rows
        .filter((r) => Date.parse(r.last_seen_at) > idleCutoff)
        .map((r) => ({
          id: sessionIdOf(r.token_hash),
          created_at: wireTime(r.created_at),
          last_seen_at: wireTime(r.last_seen_at),
          ip: r.ip,
          user_agent: r.user_agent,
          current: r.token_hash === currentHash,
        }));
    },

    async endById(trx, kind, subjectId, id) {
      const at = nowIso(now());
      const rows = await repo.findSubjectSessions(trx, kind, subjectId, at);
      const row = rows.find((r) => sessionIdOf(r.token_hash) === id);
      if (!row) return false;
      await repo.revokeSession(trx, row.token_hash, at);
      return true;
    },

    csrfMatches(session, header) {
      if (typeof header !== 'string' || header.length === 0 || header.length > 200) return false;
      const a = Buffer.from(session.csrfToken);
      const b = Buffer.from(header);
      return a.length === b.length && timingSafeEqual(a, b);
    },
  };
}
