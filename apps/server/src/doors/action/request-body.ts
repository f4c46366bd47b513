import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { ActionFailure } from './action-failure.ts';
import { normalizeXmlReferences } from './xml-entities.ts';

/**
 * POST bodies of the write actions, read raw whatever the Content-Type says (action-api.md), and
 * turned into the B-End's snake_case input for the services, which alone validate them.
 *
 *   JSON  CreateOrder:      the B-End order object, or {"Request":{"Order":{…}}}
 *         CreateBatchOrder: {"merchant_batch_no","orders":[…]}, or {"Request":{"Batch":{…}}}
 *   XML   CreateOrder:      <Request><Order>…</Order></Request>
 *         CreateBatchOrder: <Request><Batch><MerchantBatchNo/><Orders><Order>…</Order>…</Orders></Batch></Request>
 *
 * Element and key names may be snake_case (`goods_id`) or the convention's PascalCase (`GoodsId`).
 * XML has no types and no null: `quantity` is read as an integer when it is one (otherwise left
 * as text for the service to refuse), and an empty optional id element counts as absent.
 */
export function parseOrderBody(raw: unknown): unknown {
  const body = parseBody(raw);
  const order = body.request !== undefined ? field(body.request, 'order') : body.value;
  if (order === undefined) throw new ActionFailure('E005');
  return body.xml ? xmlOrder(order) : order;
}

export function parseBatchBody(raw: unknown): unknown {
  const body = parseBody(raw);
  let batch = body.value;
  if (body.request !== undefined) batch = field(body.request, 'batch') ?? body.request;
  if (!body.xml) return batch;
  if (typeof batch !== 'object' || batch === null) throw new ActionFailure('E005');
  const b = batch as Record<string, unknown>;
  const wrapped = b.orders;
  const orders =
    typeof wrapped === 'object' && wrapped !== null && !Array.isArray(wrapped)
      ? (wrapped as Record<string, unknown>).order
      : wrapped;
  const out: Record<string, unknown> = {
    ...b,
    orders: orders === undefined ? undefined : (Array.isArray(orders) ? orders : [orders]).map(xmlOrder),
  };
  dropEmpty(out, 'merchant_batch_no');
  return out;
}

interface ParsedBody {
  /** The whole body, keys in snake_case. */
  value: unknown;
  /** The content of a `Request` root (XML) or single `Request` key (JSON), if there is one. */
  request: unknown;
  xml: boolean;
}

const parser = new XMLParser({
  ignoreAttributes: true,
  ignoreDeclaration: true,
  // Every value stays text: postal codes and phone numbers must not become numbers.
  parseTagValue: false,
  trimValues: true,
});

function parseBody(raw: unknown): ParsedBody {
  const text = typeof raw === 'string' ? raw.replace(/^\uFEFF/, '').trim() : '';
  if (text === '') throw new ActionFailure('E030');
  if (text.startsWith('<')) {
    // No DTDs at all: entity expansion is the classic XML bomb, and no order needs one.
    if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw new ActionFailure('E005');
    const normalized = normalizeXmlReferences(text);
    if (normalized === null) throw new ActionFailure('E005');
    const doc = snakeKeys(parseXml(normalized)) as Record<string, unknown>;
    const roots = Object.keys(doc);
    if (roots.length !== 1 || roots[0] !== 'request') throw new ActionFailure('E005');
    return { value: doc, request: doc.request, xml: true };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ActionFailure('E005');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new ActionFailure('E005');
  const value = snakeKeys(parsed) as Record<string, unknown>;
  const keys = Object.keys(value);
  return {
    value,
    request: keys.length === 1 && keys[0] === 'request' ? value.request : undefined,
    xml: false,
  };
}

/**
 * Whatever the validator or parser refuses — malformed markup, absurd nesting ("Maximum nested
 * tags exceeded", a RangeError from recursion) — is the sender's error (E005), not ours.
 */
function parseXml(text: string): unknown {
  try {
    if (XMLValidator.validate(text) !== true) throw new ActionFailure('E005');
    return parser.parse(text);
  } catch {
    throw new ActionFailure('E005');
  }
}

const field = (container: unknown, name: string): unknown =>
  typeof container === 'object' && container !== null
    ? (container as Record<string, unknown>)[name]
    : undefined;

function xmlOrder(order: unknown): unknown {
  if (typeof order !== 'object' || order === null || Array.isArray(order)) return order;
  const out: Record<string, unknown> = { ...(order as Record<string, unknown>) };
  if (typeof out.quantity === 'string' && /^\d{1,9}$/.test(out.quantity)) out.quantity = Number(out.quantity);
  dropEmpty(out, 'merchant_order_no');
  return out;
}

function dropEmpty(obj: Record<string, unknown>, key: string): void {
  if (obj[key] === '') delete obj[key];
}

/** `GoodsId` → `goods_id`, `MerchantOrderNo` → `merchant_order_no`; snake_case stays as it is. */
const snake = (key: string) => key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();

/** A batch body is 6 levels deep; anything past this is refused (E005) rather than recursed into. */
const MAX_DEPTH = 32;

function snakeKeys(value: unknown, depth = 0): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (depth > MAX_DEPTH) throw new ActionFailure('E005');
  if (Array.isArray(value)) return value.map((v) => snakeKeys(v, depth + 1));
  // fromEntries defines own properties: a "__proto__" key stays data, never a prototype.
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [snake(k), snakeKeys(v, depth + 1)]));
}
