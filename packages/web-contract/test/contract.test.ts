import { describe, expect, it } from 'vitest';
import {
  adminApi,
  bankAccountBody,
  changePasswordBody,
  maskAccountNumber,
  pathOf,
  placeOrderBody,
  portalApi,
  transactionsQuery,
  transitionBody,
} from '../src/index.ts';

describe('endpoint table', () => {
  it.each([
    ['portal', portalApi],
    ['admin', adminApi],
  ])('%s: every method + path is declared once', (_name, api) => {
    const keys = Object.values(api).map((e) => `${e.method} ${e.path}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const e of Object.values(api)) expect(e.path).toMatch(/^\/[a-z0-9\-./:A-Z]*$/);
  });

  it('fills path parameters, URI-encoded, and refuses a missing one', () => {
    expect(pathOf(portalApi.orderDetail, { orderNo: 'ORD 1/2' })).toBe('/orders/ORD%201%2F2');
    expect(() => pathOf(portalApi.orderDetail)).toThrow('missing path parameter orderNo');
  });
});

describe('request schemas', () => {
  it('password change: confirm must match, new must be ≥ 12 characters and differ', () => {
    const ok = changePasswordBody.safeParse({
      current_password: 'old-password',
      new_password: 'a-much-better-one',
      confirm_password: 'a-much-better-one',
    });
    expect(ok.success).toBe(true);
    const bad = changePasswordBody.safeParse({
      current_password: 'x',
      new_password: 'short',
      confirm_password: 'other',
    });
    expect(bad.success).toBe(false);
    const paths = bad.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toContain('new_password');
    expect(
      changePasswordBody.safeParse({
        current_password: 'aaaaaaaaaaaaaaa',
        new_password: 'aaaaaaaaaaaaaaa',
        confirm_password: 'aaaaaaaaaaaaaaa',
      }).success,
    ).toBe(false);
  });

  it('bank account: normalises the number and code, refuses bad ones; the mask keeps the last 4', () => {
    const v = bankAccountBody.parse({
      holder: 'Ada',
      bank_name: 'Bank',
      account_number: 'gb29 nwbk 6016 1331 9268 19',
      swift_or_routing: 'nwbk gb 2l',
    });
    expect(v.account_number).toBe('GB29NWBK60161331926819');
    expect(v.swift_or_routing).toBe('NWBKGB2L');
    expect(maskAccountNumber(v.account_number)).toBe('••••6819');
    expect(
      bankAccountBody.safeParse({
        holder: 'A',
        bank_name: 'B',
        account_number: '12',
        swift_or_routing: '026009593',
      }).success,
    ).toBe(false);
    expect(
      bankAccountBody.safeParse({
        holder: 'A',
        bank_name: 'B',
        account_number: '1234',
        swift_or_routing: 'XX',
      }).success,
    ).toBe(false);
  });

  it('transactions query: from after to is refused, strings become integers', () => {
    expect(transactionsQuery.parse({ page: '2', type: 'order' })).toMatchObject({
      page: 2,
      page_size: 20,
      type: 'order',
    });
    expect(transactionsQuery.safeParse({ from: '2026-11-02', to: '2026-11-01' }).success).toBe(false);
    expect(transactionsQuery.safeParse({ from: '2026-13-40' }).success).toBe(false);
  });

  it('order form: country upper-cased, quantity 1..999', () => {
    const base = {
      goods_id: 'G',
      sku_id: 'S',
      quantity: 2,
      shipping_address: { name: 'A', phone: '1', address: 'x', city: 'c', country: 'us' },
    };
    expect(placeOrderBody.parse(base).shipping_address).toMatchObject({ country: 'US', postal_code: '' });
    expect(placeOrderBody.safeParse({ ...base, quantity: 0 }).success).toBe(false);
  });

  it('transition: shipping needs carrier and tracking no, cancelling a reason', () => {
    expect(transitionBody.safeParse({ status: 'shipped', carrier: 'DHL' }).success).toBe(false);
    expect(transitionBody.safeParse({ status: 'shipped', carrier: 'DHL', tracking_no: 'T1' }).success).toBe(
      true,
    );
    expect(transitionBody.safeParse({ status: 'cancelled' }).success).toBe(false);
  });
});
