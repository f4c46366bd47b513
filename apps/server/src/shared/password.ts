import { randomBytes, scrypt, type ScryptOptions, timingSafeEqual } from 'node:crypto';
import { AppError } from './app-error.ts';
import { randomAlphanumeric } from './ids.ts';

/**
 * scrypt password hashes, self-describing so parameters can be raised later without
 * invalidating stored hashes: `scrypt$N$r$p$<salt b64>$<hash b64>`.
 *
 * Cost: N = 2^17, r = 8, p = 1 (OWASP's scrypt guidance), i.e. 128 MiB and a few hundred ms of one
 * core per hash. `TRADEPOST_SCRYPT_COST` (log2 N, 14..20) lowers or raises it for the whole
 * process: the test suite runs at 14 so that hundreds of throwaway merchants stay cheap; a
 * deployment has no reason to set it. A stored hash of another cost still verifies and is
 * replaced at the next successful sign-in (`needsRehash`).
 */
export const DEFAULT_COST = 17;

function costFromEnv(): number {
  const raw = process.env.TRADEPOST_SCRYPT_COST;
  if (raw === undefined || raw === '') return DEFAULT_COST;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 14 || n > 20) {
    throw new Error(
      `TRADEPOST_SCRYPT_COST: must be an integer 14..20 (log2 of scrypt's N), got ${JSON.stringify(raw)}`,
    );
  }
  return n;
}

export const PASSWORD_PARAMS: Readonly<{ N: number; r: number; p: number }> = Object.freeze({
  N: 2 ** costFromEnv(),
  r: 8,
  p: 1,
});
const KEY_LEN = 32;
/** Stored hashes are only trusted this far: a forged row with N = 2^30 must not take the server down. */
const MAX_N = 2 ** 20;

/**
 * Hashing runs on libuv's threadpool (crypto.scrypt is async), never on the event loop. The pool
 * has 4 threads, shared with file and DNS work, and each hash holds one for its whole run (and
 * 128 MiB): at most `MAX_CONCURRENT` hashes run at once, at most `MAX_WAITING` wait, and a sign-in
 * past that is refused at once (4029) rather than queued without bound. The per-address and
 * per-account sign-in throttle comes before this, in the door.
 */
const MAX_CONCURRENT = 2;
const MAX_WAITING = 32;
let running = 0;
const waiting: (() => void)[] = [];

async function withHashSlot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= MAX_CONCURRENT) {
    if (waiting.length >= MAX_WAITING)
      throw new AppError(4029, 'Too many sign-ins in progress: retry in a few seconds');
    await new Promise<void>((resolve) => waiting.push(resolve));
  } else {
    running++;
  }
  try {
    return await work();
  } finally {
    // Hand the slot straight to the next waiter (running stays the same), or give it back.
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

/** How many hashes are running and waiting now (tests, metrics). */
export const hashingLoad = (): { running: number; waiting: number } => ({ running, waiting: waiting.length });

function derive(password: string, salt: Buffer, o: { N: number; r: number; p: number }): Promise<Buffer> {
  // scrypt needs 128·N·r·p bytes; twice that leaves OpenSSL room for its own bookkeeping.
  const opts: ScryptOptions = { N: o.N, r: o.r, p: o.p, maxmem: 256 * o.N * o.r * o.p };
  return withHashSlot(
    () =>
      new Promise((resolve, reject) =>
        scrypt(password.normalize('NFKC'), salt, KEY_LEN, opts, (err, key) =>
          err ? reject(err) : resolve(key),
        ),
      ),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const { N, r, p } = PASSWORD_PARAMS;
  const key = await derive(password, salt, PASSWORD_PARAMS);
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

function parseHash(stored: string): { N: number; r: number; p: number; salt: Buffer; hash: Buffer } | null {
  const parts = typeof stored === 'string' ? stored.split('$') : [];
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  const sane = (v: number, max: number) => Number.isInteger(v) && v >= 1 && v <= max;
  if (!sane(N, MAX_N) || (N & (N - 1)) !== 0 || N < 2 || !sane(r, 32) || !sane(p, 16)) return null;
  return { N, r, p, salt: Buffer.from(parts[4]!, 'base64'), hash: Buffer.from(parts[5]!, 'base64') };
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed) return false;
  const key = await derive(password, parsed.salt, parsed);
  return key.length === parsed.hash.length && timingSafeEqual(key, parsed.hash);
}

/** True when a (verified) stored hash was made with other parameters than today's: replace it. */
export function needsRehash(stored: string): boolean {
  const parsed = parseHash(stored);
  return (
    !parsed ||
    parsed.N !== PASSWORD_PARAMS.N ||
    parsed.r !== PASSWORD_PARAMS.r ||
    parsed.p !== PASSWORD_PARAMS.p
  );
}

/**
 * A fixed hash at today's cost to verify against when the e-mail is unknown, so both paths cost
 * one scrypt of the same size (a cheaper dummy would tell which e-mails exist).
 */
export const DUMMY_HASH = `scrypt$${PASSWORD_PARAMS.N}$${PASSWORD_PARAMS.r}$${PASSWORD_PARAMS.p}$${Buffer.alloc(16).toString('base64')}$${Buffer.alloc(KEY_LEN).toString('base64')}`;

/** A password an operator hands over once (a new login, a reset); its owner must change it at the next sign-in. */
export const newTemporaryPassword = (): string => randomAlphanumeric(16);
