/**
 * Objects whose JSON text is already known. A cache that keeps a finished answer (the product
 * list's pages) records its text once; a door that would serialize the answer again (the B-End
 * envelope, which encrypts the text) asks here first. Weak: forgotten with the object.
 */
const texts = new WeakMap<object, string>();

/**
 * Records `text`, which must be `JSON.stringify(value)` (computed here if not given); the value
 * must not change afterwards (freeze it).
 */
export function rememberJson<T extends object>(value: T, text: string = JSON.stringify(value)): T {
  texts.set(value, text);
  return value;
}

/** The text recorded for `value`, if any. */
export function knownJson(value: unknown): string | undefined {
  return value !== null && typeof value === 'object' ? texts.get(value) : undefined;
}
