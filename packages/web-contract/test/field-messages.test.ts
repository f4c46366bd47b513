import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  FIELD_MESSAGES,
  bankAccountBody,
  adminOrdersQuery,
  adminProductsQuery,
  auditQuery,
  bulkTransitionBody,
  cancelOrderBody,
  catalogImportBody,
  changePasswordBody,
  createAppBody,
  createMerchantBody,
  createWebhookBody,
  creditEntryBody,
  fieldMessage,
  merchantStatusBody,
  merchantsQuery,
  ordersQuery,
  placeOrderBody,
  productsQuery,
  profileBody,
  readFieldMessage,
  rollWebhookSecretBody,
  shipCsvBody,
  signInBody,
  skuUpdateBody,
  transactionsExportQuery,
  transactionsQuery,
  transitionBody,
  updateWebhookBody,
  webhookEventsQuery,
  webhookSettingsBody,
  type FieldMessageId,
} from '../src/index.ts';

/** A value for each parameter a message takes, as the server and the schemas pass them. */
const SAMPLE: Record<string, string | number> = {
  max: 64,
  min: 12,
  used: '1,250.00',
  available: '40.00',
  orderNo: 'ORD2026113000001',
  batchNo: 'BAT2026113000001',
  referenceNo: 'CTX01KB3N8V0Q4Y',
  types: 'order.created, order.status_changed',
  hint: fieldMessage('publicUrlHint'),
  from: 'pending',
  to: 'shipped',
  status: 'cancelled',
  left: 3,
  currency: 'EUR',
  account: 'USD',
  value: '"12.345"',
  n: 2,
  line: 7,
  path: 'products[0].skus[1].sku_id',
  expected: '"Shoes"',
  found: 11,
  goodsId: '"G-1"',
  problems: ['unknown column "prce"', 'missing columns spec, price'].join('; '),
  columns: 'goods_id,title,price',
  detail: 'Invalid Opening Quote: a quote is found on field 0 at line 1, value is "\\"x"',
  what: '"}"',
  values: 'active, suspended',
};

describe('field messages', () => {
  it('every message reads back to its own id and parameters', () => {
    for (const id of Object.keys(FIELD_MESSAGES) as FieldMessageId[]) {
      const names = [...FIELD_MESSAGES[id].matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]!);
      const params = Object.fromEntries(names.map((n) => [n, SAMPLE[n]!]));
      const text = (fieldMessage as (i: FieldMessageId, p: object) => string)(id, params);
      expect(text, id).not.toMatch(/\{\{|undefined/);
      expect(readFieldMessage(text), id).toEqual({
        id,
        params: Object.fromEntries(names.map((n) => [n, String(SAMPLE[n])])),
      });
    }
  });

  it('a count of characters is not read as a number with words after it', () => {
    expect(readFieldMessage('must be at most 64 characters')).toEqual({
      id: 'maxChars',
      params: { max: '64' },
    });
    expect(readFieldMessage('must be at most 1000000000')).toEqual({
      id: 'maxValue',
      params: { max: '1000000000' },
    });
  });

  it('a value quoted at the start is a parameter, not a field: the caller says the field first', () => {
    expect(readFieldMessage('"0.00" must be greater than 0')).toEqual({
      id: 'priceAboveZero',
      params: { value: '"0.00"' },
    });
    expect(readFieldMessage('Order cannot move from pending to shipped')).toEqual({
      id: 'cannotMove',
      params: { from: 'pending', to: 'shipped' },
    });
    expect(readFieldMessage('"S-1" is already used at line 4')?.id).toBe('usedAtLine');
    expect(readFieldMessage('"S-1" is already used at products[0].skus[0].sku_id')?.id).toBe('usedAtPath');
  });

  it('a CSV header names its problems, each a message of its own; a parser’s words stay as they came', () => {
    const problems = [
      fieldMessage('unknownColumn', { value: '"prce"' }),
      fieldMessage('columnTwice', { value: '"title"' }),
      fieldMessage('missingColumns', { columns: 'spec, price' }),
    ];
    const header = fieldMessage('csvHeader', {
      problems: problems.join(fieldMessage('listSeparator')),
      columns: 'goods_id,title',
    });
    expect(header).toBe(
      'header: unknown column "prce"; column "title" appears twice; missing columns spec, price (columns are goods_id,title)',
    );
    expect(
      readFieldMessage(header)
        ?.params.problems?.split(FIELD_MESSAGES.listSeparator)
        .map((p) => readFieldMessage(p)?.id),
    ).toEqual(['unknownColumn', 'columnTwice', 'missingColumns']);
    expect(readFieldMessage('missing column spec')).toEqual({
      id: 'missingColumn',
      params: { columns: 'spec' },
    });
    const json = 'invalid JSON: expected a value, found end of file';
    expect(readFieldMessage(json)).toEqual({
      id: 'invalidJson',
      params: { detail: 'expected a value, found end of file' },
    });
    expect(readFieldMessage('expected a value, found end of file')).toEqual({
      id: 'jsonExpected',
      params: { what: fieldMessage('aValue'), found: fieldMessage('endOfFile') },
    });
    const library = 'Unexpected token } in JSON at position 5';
    expect(readFieldMessage(`invalid JSON: ${library}`)?.params).toEqual({ detail: library });
    expect(readFieldMessage(library)).toBeUndefined();
  });

  it('any other text is no catalog message', () => {
    for (const text of ['', 'no stock, sorry', 'is required!', 'name: is required', 'Must be an integer'])
      expect(readFieldMessage(text), text).toBeUndefined();
  });

  it('every message the forms’ schemas give is the catalog’s', () => {
    const long = (n: number) => 'x'.repeat(n + 1);
    const cases: Array<[z.ZodType, unknown]> = [
      [placeOrderBody, { shipping_address: {} }],
      [placeOrderBody, { goods_id: 5, sku_id: long(64), quantity: 0, shipping_address: { country: 'x' } }],
      [
        placeOrderBody,
        {
          goods_id: 'G',
          sku_id: 'S',
          quantity: 1,
          merchant_order_no: long(64),
          shipping_address: {
            name: 'n',
            phone: 'abc',
            address: 'a',
            city: 'c',
            country: 'US',
            postal_code: long(20),
          },
        },
      ],
      [cancelOrderBody, { reason: 5 }],
      [profileBody, { company_name: 'A\nB', contact_name: long(200), contact_phone: 'abc', country: 'USA' }],
      [bankAccountBody, { holder: '', bank_name: 5, account_number: '1', swift_or_routing: 'x' }],
      [createMerchantBody, { email: '', name: '', credit_limit: '-1', currency: 'US', password: 'short' }],
      [createMerchantBody, { email: 'a@b.c', name: 'n', credit_limit: 'abc', password: 'aaaaaaaaaaaaaaaa' }],
      [creditEntryBody, { type: 'repayment', amount: '1.234', note: ' ' }],
      [transitionBody, { status: 'shipped', carrier: 'DHL' }],
      [transitionBody, { status: 'cancelled', reason: long(255) }],
      [transitionBody, { status: 'failed' }],
      [bulkTransitionBody, { order_nos: [], status: 'cancelled' }],
      [skuUpdateBody, {}],
      [skuUpdateBody, { stock: -1, price: 'x' }],
      [skuUpdateBody, { stock: 2e9 }],
      [shipCsvBody, { csv: '' }],
      [catalogImportBody, { content: '' }],
      [changePasswordBody, { current_password: '', new_password: 'aaaaaaaaaaaaaaaa', confirm_password: 'b' }],
      [
        changePasswordBody,
        { current_password: 'abcdefghijkl', new_password: 'abcdefghijkl', confirm_password: 'abcdefghijkl' },
      ],
      [createAppBody, { name: long(100) }],
      [createWebhookBody, { url: '', events: [], description: 'a\u0001' }],
      [createWebhookBody, { url: 'x', events: ['nope'], description: long(200) }],
      [createWebhookBody, { url: 'x', events: 'all', description: 5 }],
      [updateWebhookBody, { enabled: 'yes' }],
      [rollWebhookSecretBody, { grace_hours: 100 }],
      [webhookSettingsBody, { credit_low_threshold: 5 }],
      [transactionsQuery, { from: '2026-02-30', page: 0, page_size: 101 }],
      [transactionsQuery, { from: 'yesterday', page: 'x' }],
      [transactionsQuery, { from: '2026-11-02', to: '2026-11-01' }],
      [signInBody, {}],
      // A list's filters as a hand-edited URL gives them (a repeated parameter is an array).
      [merchantsQuery, { status: 'gone', q: ['a', 'b'] }],
      [adminOrdersQuery, { status: 'lost', merchant_id: long(64), from: ['2026-11-01'] }],
      [adminProductsQuery, { status: 'sold', category: long(128) }],
      [auditQuery, { action: 'nope', actor_type: 'robot', merchant_id: ['m1', 'm2'] }],
      [ordersQuery, { status: 'PENDING', page: 'x' }],
      [productsQuery, { category: ['a', 'b'], page_size: 500 }],
      [transactionsQuery, { type: 'gift' }],
      [transactionsExportQuery, { type: 'gift', to: 'soon' }],
      [webhookEventsQuery, { type: 'order.eaten' }],
      [merchantStatusBody, { status: 'asleep', note: 'n' }],
      [bulkTransitionBody, { order_nos: ['O1'], status: 'shipped' }],
    ];
    const seen = new Set<string>();
    const outside: string[] = [];
    for (const [schema, input] of cases) {
      const r = schema.safeParse(input);
      expect(r.success, JSON.stringify(input)).toBe(false);
      for (const issue of r.error!.issues) {
        const known = readFieldMessage(issue.message);
        if (known) seen.add(known.id);
        else outside.push(`${issue.path.join('.')}: ${issue.message}`);
      }
    }
    expect(outside).toEqual([]);
    // The cases reach most of the catalog; the rest is the server's (credit, webhooks URLs, …).
    expect(seen.size).toBeGreaterThan(30);
  });
});
