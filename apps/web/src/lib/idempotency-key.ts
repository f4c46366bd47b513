/**
 * A fresh key for the contract's `idempotency_key`: 32 hex characters from the browser's CSPRNG.
 * getRandomValues, not randomUUID: a console opened over plain http on a LAN address is not a
 * secure context, and randomUUID is missing there.
 */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
