/**
 * The door fuzzer of #13: fast-check generates cases against every door (B-End in both
 * transports, Action API, WallTech tokens, the portal API, the console API), of three kinds:
 * - `hostile`: a valid operation of the actor merchant (or its operator) with one field, query
 *   parameter or path segment replaced by a hostile value (control characters, huge or odd
 *   numbers, wrong types, deep or prototype-polluting JSON, …), removed or added — then signed
 *   correctly. It may be accepted (then it is a real change) or refused, never with a 5xx;
 * - `forgery`: a valid operation of the victim merchant, signed, then altered in what the
 *   signature or the session covers (signature, key, timestamp, token, path, cookie, CSRF…).
 *   It must be refused;
 * - `garbage`: unauthenticated bytes (bad JSON, random bodies and types, bad percent-encoding,
 *   unknown methods and paths). Refused, never with a 5xx.
 * The test checks every answer, the server's log after every case, and what changed at the end.
 */
import { buildBendRequest, buildWalltechHeaders } from '@tradepost/protocol';
import { BATCH_CSV_COLUMNS } from '@tradepost/web-contract';
import fc from 'fast-check';
import { actionUrl, type ActionKey } from '../action/action-http.ts';
import { decode, keysOf } from '../helpers/bend-http.ts';
import type { Doors } from '../helpers/doors.ts';
import { address, type TestProduct } from '../helpers/factories.ts';
import type { WebClient } from '../helpers/web-client.ts';

/** One side of the fuzz: a merchant reachable through every door, and one of its orders. */
export interface FuzzParty extends Doors {
  readonly portal: WebClient;
  readonly product: TestProduct;
  readonly orderNo: string;
  readonly batchNo: string;
  /** Its portal login's other session (another browser), which the Security page can end. */
  readonly otherSessionId: string;
  /** Another operator of its console's team, whom the Team routes change. */
  readonly teammateId: string;
}

export interface FuzzWorld {
  readonly url: string;
  readonly actor: FuzzParty;
  readonly victim: FuzzParty;
}

type Door = 'bend' | 'bend-envelope' | 'action' | 'walltech' | 'portal' | 'console';
type Params = Record<string, unknown>;

/** An operation template: what a client of that door would send, for party `p`. */
interface Op {
  door: Door;
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path with `:param` segments, filled from `path`. */
  path: string;
  pathParams?: (p: FuzzParty) => Record<string, string>;
  params: (p: FuzzParty) => Params;
  /** Does a 0/200 answer create orders? How many (for the final count). */
  creates?: (answer: unknown) => number;
}

const order = (p: FuzzParty): Params => ({
  goods_id: p.product.goods_id,
  sku_id: p.product.skus[0].sku_id,
  quantity: 1,
  shipping_address: { ...address },
});
const one = () => 1;
const batchCreates = (a: unknown) => (a as { succeeded?: number } | null)?.succeeded ?? 0;

/** The merchant API as the B-End and WallTech doors share it (bend-v1.md). */
const MERCHANT_OPS: Omit<Op, 'door'>[] = [
  {
    name: 'products',
    method: 'GET',
    path: '/products',
    params: () => ({ page: 1, page_size: 5, keyword: 'Test', category: 'Test' }),
  },
  {
    name: 'product',
    method: 'GET',
    path: '/products/:goods_id',
    pathParams: (p) => ({ goods_id: p.product.goods_id }),
    params: () => ({}),
  },
  { name: 'credit', method: 'GET', path: '/credit', params: () => ({}) },
  {
    name: 'transactions',
    method: 'GET',
    path: '/credit/transactions',
    params: () => ({ type: 'order', page: 1 }),
  },
  {
    name: 'orders',
    method: 'GET',
    path: '/orders',
    params: () => ({ status: 'pending', created_from: '2026-01-01', page_size: 5 }),
  },
  {
    name: 'order',
    method: 'GET',
    path: '/orders/:order_no',
    pathParams: (p) => ({ order_no: p.orderNo }),
    params: () => ({}),
  },
  {
    name: 'batch',
    method: 'GET',
    path: '/batch-orders/:batch_no',
    pathParams: (p) => ({ batch_no: p.batchNo }),
    params: () => ({}),
  },
  { name: 'create', method: 'POST', path: '/orders', params: order, creates: one },
  {
    name: 'create-batch',
    method: 'POST',
    path: '/batch-orders',
    params: (p) => ({ orders: [order(p), order(p)] }),
    creates: batchCreates,
  },
  {
    name: 'cancel',
    method: 'POST',
    path: '/orders/:order_no/cancel',
    pathParams: (p) => ({ order_no: p.orderNo }),
    params: () => ({ reason: 'fuzz' }),
  },
];

/** The Action API's actions; `body` ones send their params as the JSON body. */
const ACTION_OPS: Omit<Op, 'door' | 'method' | 'path'>[] = [
  { name: 'GetProducts', params: () => ({ Page: '1', PageSize: '5', Keyword: 'Test' }) },
  { name: 'GetProduct', params: (p) => ({ GoodsId: p.product.goods_id }) },
  { name: 'GetOrder', params: (p) => ({ OrderNo: p.orderNo }) },
  { name: 'GetOrders', params: () => ({ Status: 'pending', PageSize: '5' }) },
  { name: 'GetBatchOrder', params: (p) => ({ BatchNo: p.batchNo }) },
  { name: 'GetCredit', params: () => ({}) },
  { name: 'GetCreditTransactions', params: () => ({ Type: 'order' }) },
  { name: 'CancelOrder', params: (p) => ({ OrderNo: p.orderNo, Reason: 'fuzz' }) },
];
const ACTION_BODY_OPS: Omit<Op, 'door' | 'method' | 'path'>[] = [
  { name: 'CreateOrder', params: order, creates: one },
  { name: 'CreateBatchOrder', params: (p) => ({ orders: [order(p)] }), creates: batchCreates },
];

const PORTAL_OPS: Omit<Op, 'door'>[] = [
  { name: 'sessions', method: 'GET', path: '/sessions', params: () => ({}) },
  {
    name: 'end-session',
    method: 'DELETE',
    path: '/sessions/:sessionId',
    pathParams: (p) => ({ sessionId: p.otherSessionId }),
    params: () => ({}),
  },
  {
    name: 'orders',
    method: 'GET',
    path: '/orders',
    params: () => ({ status: 'pending', q: 'ORD', page: '1', from: '2026-01-01' }),
  },
  {
    name: 'order',
    method: 'GET',
    path: '/orders/:orderNo',
    pathParams: (p) => ({ orderNo: p.orderNo }),
    params: () => ({}),
  },
  { name: 'products', method: 'GET', path: '/products', params: () => ({ q: 'Test', category: 'Test' }) },
  {
    name: 'product',
    method: 'GET',
    path: '/products/:goodsId',
    pathParams: (p) => ({ goodsId: p.product.goods_id }),
    params: () => ({}),
  },
  {
    name: 'transactions',
    method: 'GET',
    path: '/transactions',
    params: () => ({ type: 'order', from: '2026-01-01' }),
  },
  {
    name: 'place',
    method: 'POST',
    path: '/orders',
    params: (p) => ({
      goods_id: p.product.goods_id,
      sku_id: p.product.skus[0].sku_id,
      quantity: 1,
      shipping_address: { ...address },
    }),
    creates: one,
  },
  {
    name: 'place-batch',
    method: 'POST',
    path: '/batches',
    params: (p) => ({
      csv: [
        BATCH_CSV_COLUMNS.join(','),
        [
          '',
          p.product.goods_id,
          p.product.skus[0].sku_id,
          '1',
          address.name,
          address.phone,
          address.address,
          address.city,
          address.postal_code,
          address.country,
        ].join(','),
      ].join('\n'),
    }),
    creates: batchCreates,
  },
];

const CONSOLE_OPS: Omit<Op, 'door'>[] = [
  {
    name: 'orders',
    method: 'GET',
    path: '/orders',
    params: (p) => ({ status: 'pending', q: 'ORD', merchant_id: p.m.merchantId }),
  },
  { name: 'merchants', method: 'GET', path: '/merchants', params: () => ({ q: 'Merchant', page: '1' }) },
  {
    name: 'order',
    method: 'GET',
    path: '/orders/:orderNo',
    pathParams: (p) => ({ orderNo: p.orderNo }),
    params: () => ({}),
  },
  {
    name: 'transition',
    method: 'POST',
    path: '/orders/:orderNo/transition',
    pathParams: (p) => ({ orderNo: p.orderNo }),
    params: () => ({ status: 'processing' }),
  },
  {
    name: 'credit-entry',
    method: 'POST',
    path: '/merchants/:merchantId/credit/entries',
    pathParams: (p) => ({ merchantId: p.m.merchantId }),
    params: () => ({ type: 'adjustment', amount: '-0.01', note: 'fuzz' }),
  },
  // The Team page: an admin managing the other operators.
  { name: 'operators', method: 'GET', path: '/operators', params: () => ({}) },
  {
    name: 'operator-create',
    method: 'POST',
    path: '/operators',
    params: () => ({ email: `fuzz-${Math.random().toString(36).slice(2)}@ops.example`, role: 'support' }),
  },
  {
    name: 'operator-role',
    method: 'POST',
    path: '/operators/:operatorId/role',
    pathParams: (p) => ({ operatorId: p.teammateId }),
    params: () => ({ role: 'admin' }),
  },
  {
    name: 'operator-status',
    method: 'POST',
    path: '/operators/:operatorId/status',
    pathParams: (p) => ({ operatorId: p.teammateId }),
    params: () => ({ status: 'disabled' }),
  },
  {
    name: 'operator-password-reset',
    method: 'POST',
    path: '/operators/:operatorId/password-reset',
    pathParams: (p) => ({ operatorId: p.teammateId }),
    params: () => ({}),
  },
  {
    name: 'operator-two-factor-reset',
    method: 'POST',
    path: '/operators/:operatorId/two-factor-reset',
    pathParams: (p) => ({ operatorId: p.teammateId }),
    params: () => ({ note: 'fuzz' }),
  },
];

export const OPS: Op[] = [
  ...MERCHANT_OPS.map((o) => ({ ...o, door: 'bend' as const })),
  ...MERCHANT_OPS.map((o) => ({ ...o, door: 'bend-envelope' as const })),
  ...MERCHANT_OPS.map((o) => ({ ...o, door: 'walltech' as const })),
  ...ACTION_OPS.map((o) => ({ ...o, door: 'action' as const, method: 'GET' as const, path: '/api/action' })),
  ...ACTION_BODY_OPS.map((o) => ({
    ...o,
    door: 'action' as const,
    method: 'POST' as const,
    path: '/api/action',
  })),
  ...PORTAL_OPS.map((o) => ({ ...o, door: 'portal' as const })),
  ...CONSOLE_OPS.map((o) => ({ ...o, door: 'console' as const })),
];

// ── Hostile values ──────────────────────────────────────────────────────────

const NASTY = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  'ORD\u0000',
  '\u0001\u001f',
  '\u007f',
  '\t\r\n',
  '%00',
  '%',
  '%zz',
  '../../etc/passwd',
  "' OR '1'='1",
  '"; drop table orders; --',
  '<a>&amp;</a>',
  ']]>',
  '<!DOCTYPE x [<!ENTITY y SYSTEM "file:///etc/passwd">]>',
  '\uFFFD',
  '\uFFFE',
  '\uD800',
  '\u202E',
  '１２３',
  '٣',
  'null',
  'undefined',
  'true',
  '-1',
  '0',
  '-0',
  '1e309',
  '1e-7',
  'NaN',
  'Infinity',
  '9007199254740993',
  '99999999999999999999.99',
  '0.001',
  '1.005',
  ' 5 ',
  '0x1A',
  '+1',
  '__proto__',
  'constructor',
  'prototype',
  '${7*7}',
  '{{7*7}}',
  'a'.repeat(300),
  'é'.repeat(100),
  '😀'.repeat(50),
  '2026-02-30',
  '2026-13-01T00:00:00Z',
  '-271821-04-20',
  'Z',
];

/** A hostile value of any JSON type (or undefined, to drop the field). */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 2000, minLength: 1000 }) },
  {
    weight: 2,
    arbitrary: fc.oneof(fc.integer(), fc.double(), fc.constantFrom(-1, 0, 1e21, 2 ** 53 + 1, -0)),
  },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, undefined) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      JSON.parse('{"__proto__":{"polluted":1}}') as unknown,
      { constructor: { prototype: { polluted: 1 } } },
      JSON.parse(`${'['.repeat(40)}1${']'.repeat(40)}`) as unknown,
      Array.from({ length: 600 }, () => ({})),
    ),
  },
);

export type Mutation =
  | { kind: 'hostile'; target: 'field' | 'path' | 'extra' | 'nested'; pick: number; value: unknown }
  | { kind: 'forgery'; how: number; pick: number }
  | { kind: 'garbage'; how: number; pick: number; bytes: string };

export interface FuzzCase {
  op: number;
  mutation: Mutation;
}

export const fuzzCase: fc.Arbitrary<FuzzCase> = fc.record({
  op: fc.nat(OPS.length - 1),
  mutation: fc.oneof(
    {
      weight: 11,
      arbitrary: fc.record({
        kind: fc.constant('hostile' as const),
        target: fc.constantFrom('field' as const, 'path' as const, 'extra' as const, 'nested' as const),
        pick: fc.nat(),
        value: hostileValue,
      }),
    },
    {
      weight: 6,
      arbitrary: fc.record({ kind: fc.constant('forgery' as const), how: fc.nat(), pick: fc.nat() }),
    },
    {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constant('garbage' as const),
        how: fc.nat(),
        pick: fc.nat(),
        bytes: fc.string({ unit: 'binary', maxLength: 200 }),
      }),
    },
  ),
});

// ── Building requests ───────────────────────────────────────────────────────

export interface Built {
  url: string;
  init: RequestInit & { headers: Record<string, string> };
  /** What the case is, for a failure message. */
  label: string;
}

/** A path segment as a client would send it (a lone surrogate cannot be sent: U+FFFD, as URLSearchParams does). */
const segment = (v: unknown) =>
  encodeURIComponent(
    (typeof v === 'string' ? v : (JSON.stringify(v) ?? 'undefined')).replace(
      /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
      '\uFFFD',
    ),
  );

function fillPath(path: string, values: Record<string, unknown>): string {
  return path.replace(/:(\w+)/g, (_, name: string) => segment(values[name]));
}

/** Applies a hostile mutation to the params (or path params); returns a short label. */
function applyHostile(
  m: Extract<Mutation, { kind: 'hostile' }>,
  params: Params,
  pathParams: Record<string, unknown>,
): string {
  const keys = Object.keys(params);
  const pathKeys = Object.keys(pathParams);
  if (m.target === 'path' && pathKeys.length > 0) {
    const k = pathKeys[m.pick % pathKeys.length]!;
    pathParams[k] = m.value;
    return `path ${k}`;
  }
  if (m.target === 'nested' && params.shipping_address) {
    const a = params.shipping_address as Params;
    const k = Object.keys(a)[m.pick % Object.keys(a).length]!;
    a[k] = m.value;
    return `shipping_address.${k}`;
  }
  if (m.target === 'nested' && Array.isArray(params.orders)) {
    const o = params.orders[m.pick % params.orders.length] as Params;
    const k = Object.keys(o)[m.pick % Object.keys(o).length]!;
    o[k] = m.value;
    return `orders[].${k}`;
  }
  if (m.target === 'extra' || keys.length === 0) {
    const k = ['x', '__proto__', 'constructor', 'merchant_id', 'status', 'amount', 'order_no', 'Page'][
      m.pick % 8
    ]!;
    params[k] = m.value;
    return `extra ${k}`;
  }
  const k = keys[m.pick % keys.length]!;
  if (m.value === undefined) delete params[k];
  else params[k] = m.value;
  return `field ${k}`;
}

/** Query strings carry strings: anything else as its JSON text. */
const asQuery = (params: Params): Record<string, string> =>
  Object.fromEntries(
    Object.entries(params)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
  );

/** A correctly authenticated request of `op` for party `p` with these params. */
function signed(
  world: FuzzWorld,
  op: Op,
  p: FuzzParty,
  params: Params,
  pathParams: Record<string, unknown>,
): Built {
  const path = fillPath(op.path, pathParams);
  const label = `${op.door} ${op.method} ${op.name}`;
  if (op.door === 'bend' || op.door === 'bend-envelope') {
    const req = buildBendRequest({
      appId: p.m.app.app_id,
      keys: keysOf(p.m),
      method: op.method === 'GET' ? 'GET' : 'POST',
      // GET params travel as strings (the client helper refuses anything else).
      params: op.method === 'GET' ? asQuery(params) : params,
      transport: op.door === 'bend' ? 'headers' : 'envelope',
    });
    const qs = new URLSearchParams(req.query).toString();
    const headers: Record<string, string> = { ...req.headers };
    if (req.body !== undefined) headers['content-type'] = 'application/json';
    return {
      url: `${world.url}/api/v1${path}${qs ? `?${qs}` : ''}`,
      init: { method: op.method, headers, ...(req.body !== undefined ? { body: req.body } : {}) },
      label,
    };
  }
  if (op.door === 'walltech') {
    const qs = op.method === 'GET' ? new URLSearchParams(asQuery(params)).toString() : '';
    const url = `${world.url}/api/v1${path}${qs ? `?${qs}` : ''}`;
    const auth = buildWalltechHeaders({
      token: p.token.token,
      secretKey: p.token.secret_key,
      method: op.method,
      url,
    });
    const headers: Record<string, string> = { ...auth, accept: 'application/json' };
    if (op.method !== 'GET') headers['content-type'] = 'application/json';
    return {
      url,
      init: { method: op.method, headers, ...(op.method !== 'GET' ? { body: JSON.stringify(params) } : {}) },
      label,
    };
  }
  if (op.door === 'action') {
    const key: ActionKey = p.key;
    if (op.method === 'GET')
      return {
        url: actionUrl(world.url, key, op.name, { params: asQuery(params) }),
        init: { method: 'GET', headers: {} },
        label,
      };
    return {
      url: actionUrl(world.url, key, op.name),
      init: { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(params) },
      label,
    };
  }
  const client = op.door === 'portal' ? p.portal : p.console;
  const prefix = op.door === 'portal' ? '/portal/api' : '/admin/api';
  const headers: Record<string, string> = {};
  if (client.cookie) headers.cookie = client.cookie;
  if (op.method !== 'GET' && client.csrf) headers['x-csrf-token'] = client.csrf;
  if (op.method === 'GET') {
    const qs = new URLSearchParams(asQuery(params)).toString();
    return {
      url: `${world.url}${prefix}${path}${qs ? `?${qs}` : ''}`,
      init: { method: 'GET', headers },
      label,
    };
  }
  headers['content-type'] = 'application/json';
  return {
    url: `${world.url}${prefix}${path}`,
    init: { method: op.method, headers, body: JSON.stringify(params) },
    label,
  };
}

/** One character changed to another of the same alphabet (so the value stays well-formed). */
function flip(s: string, pick: number): string {
  if (s.length === 0) return 'x';
  const i = pick % s.length;
  const c = s[i]!;
  const alphabet = /[0-9a-f]/.test(c)
    ? '0123456789abcdef'
    : /[A-Za-z0-9]/.test(c)
      ? 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
      : 'AB';
  const next = alphabet[(alphabet.indexOf(c) + 1 + (pick % (alphabet.length - 1))) % alphabet.length]!;
  return (
    s.slice(0, i) +
    (next === c ? alphabet[(alphabet.indexOf(c) + 1) % alphabet.length]! : next) +
    s.slice(i + 1)
  );
}

function headerKey(h: Record<string, string>, name: string): string | undefined {
  return Object.keys(h).find((k) => k.toLowerCase() === name.toLowerCase());
}

/** Alters what authenticates `b` (built for the victim); returns the altered request. */
function forge(world: FuzzWorld, op: Op, b: Built, how: number, pick: number): Built {
  const h = b.init.headers;
  const u = new URL(b.url);
  const tag = (what: string): Built => ({ ...b, url: u.toString(), label: `${b.label} forged: ${what}` });
  if (op.door === 'bend') {
    const name = ['Sign', 'App-ID', 'Timestamp', 'Nonce', 'data', 'drop', 'other-app'][how % 7]!;
    if (name === 'data') {
      if (b.init.body)
        b.init.body = JSON.stringify({
          data: flip((JSON.parse(b.init.body as string) as { data: string }).data, pick),
        });
      else if (u.searchParams.get('data'))
        u.searchParams.set('data', flip(u.searchParams.get('data')!, pick));
      else h[headerKey(h, 'Sign')!] = flip(h[headerKey(h, 'Sign')!]!, pick);
    } else if (name === 'drop') delete h[headerKey(h, ['Sign', 'App-ID', 'Timestamp', 'Nonce'][pick % 4]!)!];
    else if (name === 'other-app') h[headerKey(h, 'App-ID')!] = world.actor.m.app.app_id;
    else if (name === 'Timestamp')
      h[headerKey(h, name)!] = String(Number(h[headerKey(h, name)!]) + (pick % 2 ? 3600 : -3600));
    else h[headerKey(h, name)!] = flip(h[headerKey(h, name)!]!, pick);
    return tag(name);
  }
  if (op.door === 'bend-envelope') {
    const field = ['sign', 'app_id', 'timestamp', 'nonce', 'data'][how % 5]!;
    if (b.init.body) {
      const env = JSON.parse(b.init.body as string) as Record<string, string | number>;
      env[field] =
        field === 'timestamp'
          ? Number(env[field]) - 3600
          : field === 'app_id' && pick % 2
            ? world.actor.m.app.app_id
            : flip(String(env[field]), pick);
      b.init.body = JSON.stringify(env);
    } else {
      const v = u.searchParams.get(field) ?? '';
      u.searchParams.set(field, field === 'timestamp' ? String(Number(v) - 3600) : flip(v, pick));
    }
    return tag(field);
  }
  if (op.door === 'action') {
    const what = ['Signature', 'truncate', 'extend', 'param', 'Timestamp', 'UserID', 'drop'][how % 7]!;
    const sig = u.searchParams.get('Signature') ?? '';
    if (what === 'Signature') u.searchParams.set('Signature', flip(sig, pick));
    else if (what === 'truncate') u.searchParams.set('Signature', sig.slice(0, pick % sig.length));
    else if (what === 'extend') u.searchParams.set('Signature', `${sig}${'0'.repeat(1 + (pick % 4))}`);
    else if (what === 'param') {
      const names = [...u.searchParams.keys()].filter((k) => k !== 'Signature');
      const k = names[pick % names.length]!;
      u.searchParams.set(k, flip(u.searchParams.get(k)!, pick));
    } else if (what === 'Timestamp')
      u.searchParams.set(
        'Timestamp',
        new Date(Date.now() - 7_200_000).toISOString().replace(/\.\d+Z$/, '+00:00'),
      );
    else if (what === 'UserID') u.searchParams.set('UserID', world.actor.key.user_id);
    else u.searchParams.delete('Signature');
    return tag(what);
  }
  if (op.door === 'walltech') {
    const what = ['signature', 'truncate', 'token', 'date', 'path', 'method', 'drop'][how % 7]!;
    const auth = String(h.Authorization);
    const [token, sig] = auth.slice('WallTech '.length).split(':') as [string, string];
    if (what === 'signature') h.Authorization = `WallTech ${token}:${flip(sig, pick)}`;
    else if (what === 'truncate')
      h.Authorization = `WallTech ${token}:${sig.slice(0, 1 + (pick % (sig.length - 1)))}`;
    else if (what === 'token') h.Authorization = `WallTech ${world.actor.token.token}:${sig}`;
    else if (what === 'date') h['X-WallTech-Date'] = new Date(Date.now() - 7_200_000).toUTCString();
    else if (what === 'path') {
      // Another path of the same method than the one signed.
      const others =
        op.method === 'GET'
          ? ['/api/v1/credit/transactions', '/api/v1/credit']
          : ['/api/v1/batch-orders', '/api/v1/orders'];
      u.pathname = others.find((o) => o !== u.pathname)!;
    } else if (what === 'method') b.init.method = op.method === 'GET' ? 'POST' : 'GET';
    else delete h.Authorization;
    if (what === 'method' && b.init.method === 'GET') delete b.init.body;
    if (what === 'method' && b.init.method === 'POST') b.init.body = '{}';
    return tag(what);
  }
  // Portal and console: the session cookie and the CSRF token are what authenticate.
  const what = ['cookie', 'no-cookie', 'no-csrf', 'other-csrf'][op.method === 'GET' ? how % 2 : how % 4]!;
  if (what === 'cookie' && h.cookie) {
    const [name, value] = h.cookie.split('=') as [string, string];
    h.cookie = `${name}=${flip(value, pick)}`;
  } else if (what === 'no-cookie') delete h.cookie;
  else if (what === 'no-csrf') delete h['x-csrf-token'];
  else {
    const other = op.door === 'portal' ? world.actor.portal : world.actor.console;
    h['x-csrf-token'] = other.csrf ?? 'x';
  }
  return tag(what);
}

/** Unauthenticated bytes at a door's path. */
function garbage(world: FuzzWorld, op: Op, m: Extract<Mutation, { kind: 'garbage' }>): Built {
  const base =
    op.door === 'portal'
      ? '/portal/api'
      : op.door === 'console'
        ? '/admin/api'
        : op.door === 'action'
          ? ''
          : '/api/v1';
  const path = fillPath(op.path, { ...op.pathParams?.(world.actor) });
  const types = [
    'application/json',
    'application/xml',
    'text/xml',
    'application/x-www-form-urlencoded',
    'text/plain',
    'multipart/form-data; boundary=x',
    'application/json; charset=utf-16',
    '',
  ];
  const bodies = [
    m.bytes,
    '{',
    '{"data":',
    `{"a":${'['.repeat(5000)}`,
    '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY b "c">]><a>&b;</a>',
    `${'{"a":'.repeat(300)}1${'}'.repeat(300)}`,
    JSON.stringify({ app_id: m.bytes, nonce: 'n', timestamp: 1, data: m.bytes, sign: m.bytes }),
    '\u0000'.repeat(64),
  ];
  const how = m.how % 6;
  let url = `${world.url}${base}${path}`;
  const headers: Record<string, string> = {};
  let method = op.method === 'GET' ? 'GET' : 'POST';
  let body: string | undefined;
  if (how === 0 || how === 1) {
    method = 'POST';
    body = bodies[m.pick % bodies.length];
    const t = types[m.pick % types.length]!;
    if (t) headers['content-type'] = t;
  } else if (how === 2)
    url += `?${['%', '%zz', '%00', 'a=%E0%A4%A', 'data=%FF%FE', `q=${'x'.repeat(9000)}`, '&&&==', 'Action=GetCredit&UserID=a%00b'][m.pick % 8]}`;
  else if (how === 3) method = ['PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'][m.pick % 5]!;
  else if (how === 4)
    url = `${world.url}${base}${['/%2e%2e/%2e%2e/etc/passwd', '/orders/%00', '/no/such/path', '//', '/orders/' + 'x'.repeat(3000)][m.pick % 5]}`;
  else {
    // Credentials of the right form but nobody's.
    headers['App-ID'] = 'APP' + 'X'.repeat(20);
    headers.Timestamp = String(Math.floor(Date.now() / 1000));
    headers.Nonce = 'n'.repeat(16);
    headers.Sign = 'ab'.repeat(32);
    headers.Authorization = `WallTech ${'A'.repeat(26)}:${'x'.repeat(44)}`;
    headers['X-WallTech-Date'] = new Date().toUTCString();
    headers.cookie = `tp_portal=${m.bytes.replace(/[^\x21-\x7e]/g, 'a') || 'a'}`;
  }
  return {
    url,
    init: { method, headers, ...(body !== undefined && method !== 'GET' ? { body } : {}) },
    label: `${op.door} garbage ${how}`,
  };
}

export interface Planned {
  kind: Mutation['kind'];
  op: Op;
  built: Built;
}

/** The request a case sends. */
export function plan(world: FuzzWorld, c: FuzzCase): Planned {
  const op = OPS[c.op]!;
  const m = c.mutation;
  if (m.kind === 'garbage') return { kind: 'garbage', op, built: garbage(world, op, m) };
  const party = m.kind === 'hostile' ? world.actor : world.victim;
  const params = structuredClone(op.params(party));
  const pathParams: Record<string, unknown> = { ...op.pathParams?.(party) };
  if (m.kind === 'hostile') {
    const what = applyHostile(m, params, pathParams);
    const built = signed(world, op, party, params, pathParams);
    return {
      kind: 'hostile',
      op,
      built: { ...built, label: `${built.label} hostile ${what} = ${describe(m.value)}` },
    };
  }
  return {
    kind: 'forgery',
    op,
    built: forge(world, op, signed(world, op, party, params, pathParams), m.how, m.pick),
  };
}

function describe(v: unknown): string {
  const s = v === undefined ? 'undefined' : JSON.stringify(v);
  return s.length > 80 ? `${s.slice(0, 80)}…(${s.length})` : s;
}

/** Was the answer a success (the operation done)? Per door: code 0, no error envelope, HTTP 2xx. */
export function succeeded(
  door: Door,
  party: FuzzParty,
  status: number,
  text: string,
): { ok: boolean; data: unknown } {
  if (status >= 300) return { ok: false, data: null };
  // No content: a web door's DELETE (ending a session) done.
  if (status === 204 && (door === 'portal' || door === 'console')) return { ok: true, data: null };
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    if (door === 'action') {
      const s = body.SuccessResponse as { Body?: unknown } | undefined;
      return { ok: !!s, data: s?.Body ?? null };
    }
    if (door === 'portal' || door === 'console') return { ok: true, data: body };
    const { payload } = decode(party.m, { status, body });
    return { ok: payload.code === 0, data: payload.data };
  } catch {
    // Not JSON: an XML envelope (a hostile Format) or a framework page.
    return { ok: text.includes('SuccessResponse'), data: null };
  }
}
