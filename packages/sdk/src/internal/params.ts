/**
 * GET business parameters travel as a JSON object of strings (bend-v1.md "A request"); unset
 * fields are left out rather than sent as "undefined".
 */
export function queryParams(params: object | undefined): Record<string, string> | undefined {
  if (!params) return undefined;
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null) continue;
    out[key] = String(value);
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Path parameters stay in the path, so they must not be able to add segments or a query. */
export function segment(value: string): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new TypeError('Tradepost: a path identifier must be a non-empty string');
  }
  return encodeURIComponent(value);
}
