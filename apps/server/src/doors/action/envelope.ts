import { randomUUID } from 'node:crypto';
import { formatActionTimestamp, type ActionError } from '@tradepost/protocol';
import { XMLBuilder } from 'fast-xml-parser';

/**
 * The SellerCenter response envelopes (action-api.md "Responses"), in JSON or XML. The Body of a
 * success is the B-End `data` object unchanged; in XML its fields become elements, and an array
 * becomes a wrapper element holding one child per member, named by the field's singular
 * (`items` → `<items><item>…</item></items>`, `skus` → `<sku>`, `images` → `<image>`), so an
 * empty or one-member list still reads as a list. JSON null is an empty element in XML.
 */
export type ActionFormat = 'JSON' | 'XML';

export interface Rendered {
  contentType: string;
  body: string;
}

/** `ErrorType` of the convention: the caller's fault, or ours (E006). */
type ErrorType = 'Sender' | 'Platform';

export function successEnvelope(
  format: ActionFormat,
  action: string,
  responseType: string,
  data: unknown,
): Rendered {
  const head = {
    RequestId: randomUUID(),
    RequestAction: action,
    ResponseType: responseType,
    Timestamp: formatActionTimestamp(new Date()),
  };
  return render(format, { SuccessResponse: { Head: head, Body: data } });
}

/**
 * An error envelope. `code` is the convention's number (7 for E007) or one of our numeric domain
 * codes (2001, …). `data` is the B-End error data when there is any (2002's existing
 * `order_no`, which lets a retrying client find its order); otherwise Body is "".
 */
export function errorEnvelope(
  format: ActionFormat,
  action: string | undefined,
  error: ActionError,
  opts: { type?: ErrorType; data?: unknown } = {},
): Rendered {
  const head = {
    RequestAction: action ?? '',
    ErrorType: opts.type ?? 'Sender',
    ErrorCode: String(error.errorCode),
    ErrorMessage: error.message,
  };
  const body = opts.data === undefined || opts.data === null ? '' : opts.data;
  return render(format, { ErrorResponse: { Head: head, Body: body } });
}

const builder = new XMLBuilder({ ignoreAttributes: true, suppressEmptyNode: true, format: false });

function render(format: ActionFormat, envelope: Record<string, unknown>): Rendered {
  if (format === 'JSON')
    return { contentType: 'application/json; charset=utf-8', body: JSON.stringify(envelope) };
  const xml = builder.build(toXmlTree(envelope)) as string;
  return {
    contentType: 'application/xml; charset=utf-8',
    body: `<?xml version="1.0" encoding="UTF-8"?>\n${xml}`,
  };
}

const singular = (name: string) => (name.length > 1 && name.endsWith('s') ? name.slice(0, -1) : 'member');

/** Reshapes JSON data for the builder: arrays under a wrapper, scalars as text, null as empty. */
function toXmlTree(value: unknown, name = ''): unknown {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return { [singular(name)]: value.map((v) => toXmlTree(v, singular(name))) };
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = toXmlTree(v, k);
    return out;
  }
  return xmlSafe(String(value));
}

/**
 * XML 1.0 cannot carry C0 controls (other than tab, LF, CR), U+FFFE/U+FFFF or lone surrogates,
 * not even as character references; stored data that holds one is shown as U+FFFD so the
 * document stays parseable.
 */
const XML_INVALID =
  // eslint-disable-next-line no-control-regex -- these characters are exactly what is being matched
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const xmlSafe = (text: string) => text.replace(XML_INVALID, '\uFFFD');
