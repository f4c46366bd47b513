/**
 * One header (or query parameter) value, looked up case-insensitively when asked.
 * `undefined` = absent; `null` = present but unusable (repeated, or not a string).
 * A one-element array is what some frameworks make of a single value, so it counts as one.
 */
export function singleValue(bag: unknown, name: string, caseInsensitive: boolean): string | undefined | null {
  if (bag === null || typeof bag !== 'object') return undefined;
  const record = bag as Record<string, unknown>;
  let raw: unknown;
  let seen = 0;
  if (caseInsensitive) {
    const wanted = name.toLowerCase();
    for (const key of Object.keys(record)) {
      if (key.toLowerCase() !== wanted || record[key] === undefined) continue;
      raw = record[key];
      seen++;
    }
    if (seen > 1) return null;
  } else {
    raw = Object.prototype.hasOwnProperty.call(record, name) ? record[name] : undefined;
  }
  if (raw === undefined) return undefined;
  if (Array.isArray(raw)) {
    if (raw.length !== 1) return null;
    raw = raw[0];
  }
  return typeof raw === 'string' ? raw : null;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as object | null;
  // Query parsers build dictionaries on a null-prototype base (fast-querystring's `Empty`, as
  // used by Fastify), so one level of prototype above null still counts as a plain record.
  return proto === Object.prototype || proto === null || Object.getPrototypeOf(proto) === null;
}
