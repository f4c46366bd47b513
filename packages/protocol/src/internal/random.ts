import { randomFillSync } from 'node:crypto';

/**
 * CSPRNG bytes drawn from a pooled buffer, refilled 4 KiB at a time: every B-End envelope takes
 * a 12-byte IV and a 24-byte nonce, and one OpenSSL call per draw cost more than the draw. Each
 * byte is handed out once (the offset only moves forward until the next refill) and copied out,
 * so no caller shares memory with the pool.
 */
const pool = Buffer.alloc(4096);
let offset = pool.length;

export function pooledRandomBytes(size: number): Buffer {
  if (size > pool.length) return randomFillSync(Buffer.alloc(size));
  if (offset + size > pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const out = Buffer.from(pool.subarray(offset, offset + size));
  offset += size;
  return out;
}
