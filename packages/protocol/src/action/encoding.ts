// Query decoding and RFC 3986 encoding for the Action API string to sign. Works on UTF-8 bytes
// throughout: sorting and escaping are defined on bytes, not on JavaScript's UTF-16 code units.

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const HEX_DIGITS = '0123456789ABCDEF';

function isUnreserved(byte: number): boolean {
  return (
    (byte >= 0x41 && byte <= 0x5a) || // A-Z
    (byte >= 0x61 && byte <= 0x7a) || // a-z
    (byte >= 0x30 && byte <= 0x39) || // 0-9
    byte === 0x2d || // -
    byte === 0x5f || // _
    byte === 0x2e || // .
    byte === 0x7e // ~
  );
}

/**
 * RFC 3986: unreserved bytes as they are, every other byte `%XX` upper-case. Unlike
 * encodeURIComponent this escapes `!'()*` and never throws on a lone surrogate.
 */
export function rfc3986(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    out += isUnreserved(byte)
      ? String.fromCharCode(byte)
      : `%${HEX_DIGITS[byte >> 4]}${HEX_DIGITS[byte & 15]}`;
  }
  return out;
}

function isFormSafe(byte: number): boolean {
  return (
    (byte >= 0x41 && byte <= 0x5a) ||
    (byte >= 0x61 && byte <= 0x7a) ||
    (byte >= 0x30 && byte <= 0x39) ||
    byte === 0x2d || // -
    byte === 0x5f || // _
    byte === 0x2e || // .
    byte === 0x2a // *
  );
}

/**
 * `application/x-www-form-urlencoded` as Java's URLEncoder, Ruby's URI.encode_www_form and the
 * WHATWG URLSearchParams write it: `A-Z a-z 0-9 - _ . *` as they are, space as `+`, every other
 * byte (`~` included) `%XX` upper-case. Clients that sign this string are accepted as well
 * (action-api.md, "Clients in the wild").
 */
export function formEncode(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    if (isFormSafe(byte)) out += String.fromCharCode(byte);
    else if (byte === 0x20) out += '+';
    else out += `%${HEX_DIGITS[byte >> 4]}${HEX_DIGITS[byte & 15]}`;
  }
  return out;
}

/** One query component from the wire: `+` is a space, `%XX` a byte; null if malformed or not UTF-8. */
export function decodeComponent(text: string): string | null {
  if (/^[^%+\u0080-\uffff]*$/.test(text)) return text;
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 0x25) {
      const pair = text.slice(i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(pair)) return null;
      bytes.push(parseInt(pair, 16));
      i += 2;
    } else if (ch === 0x2b) {
      bytes.push(0x20);
    } else if (ch < 0x80) {
      bytes.push(ch);
    } else {
      // Raw non-ASCII on the wire: take the code point's UTF-8 bytes (a lone surrogate is not text).
      const cp = text.codePointAt(i) as number;
      if (cp >= 0xd800 && cp <= 0xdfff) return null;
      if (cp > 0xffff) i++;
      bytes.push(...Buffer.from(String.fromCodePoint(cp), 'utf8'));
    }
  }
  try {
    return utf8.decode(Uint8Array.from(bytes));
  } catch {
    return null;
  }
}

/** A raw query string (with or without `?`) into decoded pairs in wire order; null if malformed. */
export function decodeQuery(rawQuery: string): [string, string][] | null {
  const query = rawQuery.startsWith('?') ? rawQuery.slice(1) : rawQuery;
  const pairs: [string, string][] = [];
  for (const part of query.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = decodeComponent(eq === -1 ? part : part.slice(0, eq));
    const value = decodeComponent(eq === -1 ? '' : part.slice(eq + 1));
    if (name === null || value === null) return null;
    pairs.push([name, value]);
  }
  return pairs;
}

/** Byte-wise order of names, then values, so equal names still sort the same on every side. */
export function compareParams(a: [string, string], b: [string, string]): number {
  return compareNames(a, b) || Buffer.compare(Buffer.from(a[1], 'utf8'), Buffer.from(b[1], 'utf8'));
}

/** Byte-wise order of names only: a stable sort keeps repeated names in the order they were sent. */
export function compareNames(a: [string, string], b: [string, string]): number {
  return Buffer.compare(Buffer.from(a[0], 'utf8'), Buffer.from(b[0], 'utf8'));
}
