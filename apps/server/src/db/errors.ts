/** Driver error classification, in one place so services never test driver codes themselves. */
function codeOf(e: unknown): string | undefined {
  if (typeof e === 'object' && e !== null && 'code' in e) {
    const c = (e as { code: unknown }).code;
    return typeof c === 'string' ? c : undefined;
  }
  return undefined;
}

/** better-sqlite3: SQLITE_CONSTRAINT_UNIQUE / _PRIMARYKEY; pg: 23505. */
export function isUniqueViolation(e: unknown): boolean {
  const c = codeOf(e);
  return c === '23505' || c === 'SQLITE_CONSTRAINT_UNIQUE' || c === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** pg serialization failure / deadlock: the whole transaction may simply be run again. */
export function isRetryableTransactionError(e: unknown): boolean {
  const c = codeOf(e);
  return c === '40001' || c === '40P01';
}
