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

/**
 * pg SQLSTATE class 22, "data exception": a value the database refused (invalid UTF-8 such as a
 * NUL byte, a number out of range, text too long for its column). Input validation is meant to
 * stop each of these first; one that slips past was still caused by a value, not by the server's
 * state, so it is answered as bad input, never as an internal error.
 */
export function isDataException(e: unknown): boolean {
  const c = codeOf(e);
  return c !== undefined && /^22[0-9A-Z]{3}$/.test(c);
}

/**
 * pg SQLSTATE class 22 or 23: a statement refused for the values it was given (a data exception,
 * an integrity constraint such as a unique index a racing transaction filled first). Raised while
 * the statement ran, so its transaction is rolled back: nothing of it was written.
 */
export function isRefusedValue(e: unknown): boolean {
  const c = codeOf(e);
  return c !== undefined && /^2[23][0-9A-Z]{3}$/.test(c);
}
