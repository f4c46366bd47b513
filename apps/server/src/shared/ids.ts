import { randomBytes, randomFillSync } from 'node:crypto';

/**
 * Server-issued opaque identifiers (order_no, batch_no, reference_no, internal row ids).
 * Shape: PREFIX + 10 chars of millisecond time + 12 random chars, all Crockford base32, so ids
 * sort by creation time (handy for keyset order and debugging) yet cannot be guessed: 60 random
 * bits per millisecond make collisions practically impossible, and the unique keys catch the rest.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function encodeTime(ms: number): string {
  let out = '';
  let n = ms;
  for (let i = 0; i < 10; i++) {
    out = ALPHABET[n % 32] + out;
    n = Math.floor(n / 32);
  }
  return out;
}

// Ids are minted several times per order: draw their randomness from a pooled buffer, refilled
// from the CSPRNG 4 KiB at a time, instead of one OpenSSL call per id.
const pool = Buffer.alloc(4096);
let poolOffset = pool.length;

function randomChars(count: number): string {
  if (poolOffset + count > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  // 32 divides 256, so taking each byte modulo 32 is unbiased.
  let out = '';
  for (let i = 0; i < count; i++) out += ALPHABET[pool[poolOffset + i]! % 32];
  poolOffset += count;
  return out;
}

export function newId(prefix: string, now: number = Date.now()): string {
  return `${prefix}${encodeTime(now)}${randomChars(12)}`;
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * `length` chars from [A-Za-z0-9] (62 symbols). 256 is not a multiple of 62, so bytes ≥ 248
 * (= 4 × 62) are rejected instead of folded, keeping every symbol equally likely.
 */
export function randomAlphanumeric(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const b of randomBytes(length * 2)) {
      if (b < 248) out += ALNUM[b % 62];
      if (out.length === length) break;
    }
  }
  return out;
}

/** `app_` + 24 lowercase hex chars (bend-v1.md "Credentials"). */
export function newAppId(): string {
  return `app_${randomBytes(12).toString('hex')}`;
}
