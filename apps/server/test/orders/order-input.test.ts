/**
 * quickCreateOrder (the order path's way around zod) against createOrderSchema itself: over
 * generated inputs — the valid order, every field mutated one way or another, and random mixes —
 * whatever it accepts, parseInput accepts with the same value; what it declines goes to zod.
 */
import { describe, expect, it } from 'vitest';
import { createOrderSchema, quickCreateOrder } from '../../src/modules/orders/orders.dto.ts';
import { parseInput } from '../../src/shared/validation.ts';

const valid = {
  goods_id: 'G-1',
  sku_id: 'S-1',
  quantity: 2,
  merchant_order_no: 'M-1',
  shipping_address: {
    name: 'Ann',
    phone: '1',
    address: '1 Main St',
    city: 'Oslo',
    country: 'NO',
    postal_code: '',
  },
};

const texts = [
  '',
  ' ',
  'a',
  ' padded ',
  'x'.repeat(20),
  'x'.repeat(21),
  'x'.repeat(50),
  'x'.repeat(51),
  'x'.repeat(64),
  'x'.repeat(65),
  ` ${'x'.repeat(64)} `,
  'x'.repeat(100),
  'x'.repeat(101),
  'x'.repeat(200),
  'x'.repeat(201),
  'x'.repeat(500),
  'x'.repeat(501),
  'tab\there',
  'line\nbreak',
  'trail\n',
  'nul\u0000',
  'del\u007f',
  'c1\u0085',
  'bell\u0007',
  'ünïcødé 東京',
  '\u00a0nbsp\u00a0',
  'US',
  'us',
  'USA',
  'U',
  '12',
];
const others = [undefined, null, 0, 1, 2.5, -1, 999, 1000, NaN, Infinity, '3', true, [], {}, ['a'], { a: 1 }];
const values = [...texts, ...others];

/** `o` without `key`. */
function without<T extends object>(o: T, key: keyof T): Partial<T> {
  const copy = { ...o };
  delete copy[key];
  return copy;
}

function variants(): unknown[] {
  const out: unknown[] = [
    valid,
    { ...valid, merchant_order_no: undefined },
    { ...valid, merchant_order_no: null },
  ];
  out.push(without(valid, 'merchant_order_no'));
  for (const key of Object.keys(valid) as (keyof typeof valid)[]) {
    for (const v of values) out.push({ ...valid, [key]: v });
    out.push(without(valid, key));
  }
  for (const key of Object.keys(valid.shipping_address) as (keyof typeof valid.shipping_address)[]) {
    for (const v of values) out.push({ ...valid, shipping_address: { ...valid.shipping_address, [key]: v } });
    out.push({ ...valid, shipping_address: without(valid.shipping_address, key) });
  }
  out.push({ ...valid, extra: 1 }, { ...valid, shipping_address: { ...valid.shipping_address, extra: 'x' } });
  out.push(
    JSON.parse(
      '{"__proto__": {"x": 1}, "goods_id": "G", "sku_id": "S", "quantity": 1, "shipping_address": {}}',
    ),
  );
  out.push(null, undefined, 'order', 1, [], [valid], Object.create(null));
  // Random mixes, from a fixed seed so a failure repeats.
  let seed = 7;
  const pick = <T>(xs: readonly T[]): T => xs[(seed = (seed * 1103515245 + 12345) % 2 ** 31) % xs.length]!;
  for (let i = 0; i < 3000; i++) {
    out.push({
      goods_id: pick(values),
      sku_id: pick(texts),
      quantity: pick([1, 2, 999, 0, 1000, 1.5, '1', undefined]),
      merchant_order_no: pick(values),
      shipping_address: {
        name: pick(texts),
        phone: pick(texts),
        address: pick(texts),
        city: pick(texts),
        country: pick(['US', 'NO', 'us', 'U', 'USA', '', 1]),
        postal_code: pick(texts),
      },
    });
  }
  return out;
}

describe('quickCreateOrder', () => {
  it('accepts only what createOrderSchema accepts, with the same value', () => {
    let accepted = 0;
    let declinedValid = 0;
    for (const input of variants()) {
      const quick = quickCreateOrder(input);
      let parsed: unknown;
      let error: unknown;
      try {
        parsed = parseInput(createOrderSchema, input);
      } catch (e) {
        error = e;
      }
      if (quick !== undefined) {
        accepted++;
        expect(error, JSON.stringify(input)).toBeUndefined();
        expect(quick, JSON.stringify(input)).toEqual(parsed);
        // The stored shipping address is its JSON: the same keys in the same order.
        expect(JSON.stringify(quick.shipping_address)).toBe(
          JSON.stringify((parsed as typeof quick).shipping_address),
        );
      } else if (error === undefined) declinedValid++;
    }
    // Not vacuous: the ordinary orders do take the quick way (trimmed text included).
    expect(accepted).toBeGreaterThan(100);
    expect(quickCreateOrder(valid)).toEqual(valid);
    expect(quickCreateOrder({ ...valid, goods_id: ' G-1 ' })?.goods_id).toBe('G-1');
    // What it declines although valid (tabs, line breaks: zod trims them away) zod still takes.
    expect(declinedValid).toBeGreaterThan(0);
  });
});
