// RFC 4648 §4 with padding. Buffer.from(…, 'base64') silently skips junk, accepts base64url and
// drops non-zero pad bits; a round trip through the encoder catches all of those at once.
const SHAPE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Decodes canonical padded standard Base64, or returns null. Never throws. */
export function decodeBase64Strict(text: unknown): Buffer | null {
  if (typeof text !== 'string' || !SHAPE.test(text)) return null;
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? bytes : null;
}
