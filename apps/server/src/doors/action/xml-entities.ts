import { decodeHTML5Strict } from 'entities';

/**
 * Rewrites every character reference in an XML body into one the XML parser decodes itself:
 * HTML5 named entities (`&euml;`, `&Ntilde;`: one SellerCenter SDK escapes every field with an
 * HTML escaper, action-api.md "Clients in the wild") and numeric references become their
 * characters; the five XML entities stay. Characters that would be markup (`&LT;` is `<`) are
 * written back as XML entities, so no reference can change the document's structure.
 *
 * Returns null when the text has an `&` that is not a complete reference, a name that is not an
 * HTML5 entity, or a reference to a character XML forbids: malformed XML, refused with E005 rather
 * than stored as text. CDATA sections and comments are left alone (`&` is literal there).
 *
 * The entity table is the `entities` package's (the WHATWG list, as htmlparser2 uses it), not a
 * hand-written one.
 */
export function normalizeXmlReferences(text: string): string | null {
  const parts = text.split(/(<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->)/);
  for (let i = 0; i < parts.length; i += 2) {
    const rewritten = rewrite(parts[i] as string);
    if (rewritten === null) return null;
    parts[i] = rewritten;
  }
  return parts.join('');
}

const XML_ENTITIES = new Set(['lt', 'gt', 'amp', 'quot', 'apos']);
const REFERENCE = /&(?:(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{0,31});)?/g;
const ESCAPES: Record<string, string> = {
  '<': '&lt;',
  '>': '&gt;',
  '&': '&amp;',
  '"': '&quot;',
  "'": '&apos;',
};

function rewrite(text: string): string | null {
  if (!text.includes('&')) return text;
  let malformed = false;
  const out = text.replace(REFERENCE, (whole, ref: string | undefined) => {
    if (ref === undefined) {
      malformed = true;
      return whole;
    }
    if (XML_ENTITIES.has(ref)) return whole;
    let chars: string;
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      if (!isXmlChar(code)) {
        malformed = true;
        return whole;
      }
      chars = String.fromCodePoint(code);
    } else {
      chars = decodeHTML5Strict(whole);
      if (chars === whole) {
        malformed = true;
        return whole;
      }
    }
    return chars.replace(/[<>&"']/g, (c) => ESCAPES[c] as string);
  });
  return malformed ? null : out;
}

/** XML 1.0 `Char`: no NUL or other C0 controls but tab, LF and CR; no surrogates, no U+FFFE/FFFF. */
function isXmlChar(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  );
}
