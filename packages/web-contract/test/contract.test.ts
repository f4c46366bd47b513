import { describe, expect, it } from 'vitest';
import {
  adminApi,
  bankAccountBody,
  changePasswordBody,
  createAppBody,
  createMerchantBody,
  createWebhookBody,
  digitsToNumber,
  maskAccountNumber,
  pathOf,
  generateApiKeyBody,
  placeOrderBody,
  portalApi,
  profileBody,
  signInBody,
  transactionsQuery,
  bulkTransitionBody,
  productAvailability,
  skuAvailability,
  transitionBody,
  zodFields,
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
    // A short number keeps most of itself hidden: never shown whole.
    expect(['1234', '12345', '1234567', '12345678'].map(maskAccountNumber)).toEqual([
      '••••34',
      '••••45',
      '••••567',
      '••••5678',
    ]);
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

  it('query integers: only decimal digits are converted; "0x1", "1e0", " 2 ", true are refused', () => {
    expect(transactionsQuery.parse({ page: '2', page_size: 5 })).toMatchObject({ page: 2, page_size: 5 });
    // Every miss, whatever its kind, says the whole range.
    for (const page of ['0x1', '1e0', ' 2 ', '1.0', '', true, '-1', '0', 1.5, '1000001']) {
      const r = transactionsQuery.safeParse({ page });
      expect(r.success, JSON.stringify(page)).toBe(false);
      expect(zodFields(r.error!), JSON.stringify(page)).toEqual({
        page: 'must be an integer from 1 to 1000000',
      });
    }
    expect([digitsToNumber('042'), digitsToNumber(' 2'), digitsToNumber(7), digitsToNumber(true)]).toEqual([
      42,
      ' 2',
      7,
      true,
    ]);
  });

  it('a phone is a phone number, one rule for the profile and the order form', () => {
    const order = {
      goods_id: 'G',
      sku_id: 'S',
      quantity: 1,
      shipping_address: { name: 'A', phone: 'abc', address: 'x', city: 'c', country: 'us' },
    };
    const phone = 'must be a phone number like +1 415 555 0100';
    expect(zodFields(placeOrderBody.safeParse(order).error!)).toEqual({ 'shipping_address.phone': phone });
    expect(zodFields(profileBody.safeParse({ company_name: 'C', contact_phone: 'abc' }).error!)).toEqual({
      contact_phone: phone,
    });
    for (const ok of ['+44 20 7946 0000', '+1 (415) 555-0100', '0044.20.7946.0000']) {
      const at = { ...order, shipping_address: { ...order.shipping_address, phone: ok } };
      expect(placeOrderBody.safeParse(at).success, ok).toBe(true);
      expect(profileBody.safeParse({ company_name: 'C', contact_phone: ok }).success, ok).toBe(true);
    }
    // Optional on the profile, required on an order.
    expect(profileBody.parse({ company_name: 'C', contact_phone: '' }).contact_phone).toBeNull();
    const none = { ...order, shipping_address: { ...order.shipping_address, phone: '' } };
    expect(zodFields(placeOrderBody.safeParse(none).error!)).toEqual({
      'shipping_address.phone': 'is required',
    });
  });

  it('order form: country upper-cased, quantity 1..999', () => {
    const base = {
      goods_id: 'G',
      sku_id: 'S',
      quantity: 2,
      shipping_address: { name: 'A', phone: '+1 415 555 0100', address: 'x', city: 'c', country: 'us' },
    };
    expect(placeOrderBody.parse(base).shipping_address).toMatchObject({ country: 'US', postal_code: '' });
    expect(placeOrderBody.safeParse({ ...base, quantity: 0 }).success).toBe(false);
  });

  it('order form: quantity is a JSON integer 1..999, never converted, in the B-End API’s words', () => {
    const base = {
      goods_id: 'G',
      sku_id: 'S',
      shipping_address: { name: 'A', phone: '+1 415 555 0100', address: 'x', city: 'c', country: 'us' },
    };
    expect(placeOrderBody.parse({ ...base, quantity: 999 }).quantity).toBe(999);
    for (const quantity of [true, [1], '1e0', '0x1', '1.0', '  2  ', '2', 1.5, 0, 1000, null, undefined]) {
      const r = placeOrderBody.safeParse({ ...base, quantity });
      expect(
        r.error?.issues.map((i) => [i.path.join('.'), i.message]),
        JSON.stringify(quantity),
      ).toEqual([['quantity', 'must be an integer from 1 to 999']]);
    }
  });

  it('required text says "is required" only when absent: a wrong type or a too-long value says so', () => {
    const messages = (r: { error?: { issues: Array<{ path: PropertyKey[]; message: string }> } }) =>
      Object.fromEntries(r.error?.issues.map((i) => [i.path.join('.'), i.message]) ?? []);
    const order = {
      goods_id: 'G'.repeat(65),
      sku_id: 5,
      quantity: 1,
      shipping_address: { phone: '', address: ' ', city: 'c'.repeat(101), country: 7 },
    };
    expect(messages(placeOrderBody.safeParse(order))).toEqual({
      goods_id: 'must be at most 64 characters',
      sku_id: 'must be a string',
      'shipping_address.name': 'is required',
      'shipping_address.phone': 'is required',
      'shipping_address.address': 'is required',
      'shipping_address.city': 'must be at most 100 characters',
      'shipping_address.country': 'must be a string',
    });
    expect(
      messages(
        createMerchantBody.safeParse({
          email: `${'e'.repeat(400)}@x.io`,
          name: 'n'.repeat(100_000),
          credit_limit: '1',
        }),
      ),
    ).toEqual({ email: 'must be at most 320 characters', name: 'must be at most 200 characters' });
    expect(messages(createMerchantBody.safeParse({ credit_limit: '1' }))).toEqual({
      email: 'is required',
      name: 'is required',
    });
    // A limit of "-0.00" is zero; "-0.01" is negative.
    const limit = (credit_limit: string) =>
      messages(createMerchantBody.safeParse({ email: 'a@b.io', name: 'n', credit_limit })).credit_limit;
    expect([limit('-0.00'), limit('-0.01')]).toEqual([undefined, 'must not be negative']);
    expect(messages(createAppBody.safeParse({ name: 5 }))).toEqual({ name: 'must be a string' });
    expect(messages(createAppBody.safeParse({ name: null }))).toEqual({ name: 'must be a string' });
    expect(messages(createWebhookBody.safeParse({ url: `https://x.io/${'a'.repeat(3000)}` }))).toEqual({
      url: 'must be at most 2048 characters',
    });
    expect(messages(createWebhookBody.safeParse({}))).toEqual({ url: 'is required' });
    expect(messages(signInBody.safeParse({ email: 'a@b.c', password: 'p'.repeat(1025) }))).toEqual({
      password: 'must be at most 1024 characters',
    });
    expect(
      messages(changePasswordBody.safeParse({ current_password: 'x'.repeat(1025), new_password: 1 })),
    ).toEqual({
      current_password: 'must be at most 1024 characters',
      new_password: 'must be a string',
      confirm_password: 'is required',
    });
  });

  it('transition: shipping needs carrier and tracking no, cancelling a reason', () => {
    expect(transitionBody.safeParse({ status: 'shipped', carrier: 'DHL' }).success).toBe(false);
    expect(transitionBody.safeParse({ status: 'shipped', carrier: 'DHL', tracking_no: 'T1' }).success).toBe(
      true,
    );
    expect(transitionBody.safeParse({ status: 'cancelled' }).success).toBe(false);
    expect(
      zodFields(transitionBody.safeParse({ status: 'shipped', carrier: '', tracking_no: 'T1' }).error!),
    ).toMatchObject({
      carrier: 'is required',
    });
    // A bulk cancel or fail needs the reason as one does; a bulk to processing does not.
    const bulk = (status: string, reason?: string) =>
      bulkTransitionBody.safeParse({ order_nos: ['ORD1'], status, ...(reason ? { reason } : {}) }).success;
    expect([bulk('cancelled'), bulk('failed'), bulk('cancelled', 'why'), bulk('processing')]).toEqual([
      false,
      false,
      true,
      true,
    ]);
    // As long as a merchant's (bend-v1.md: ≤ 200), so the console never lets through what the server refuses.
    const reason = (n: number) => transitionBody.safeParse({ status: 'cancelled', reason: 'r'.repeat(n) });
    expect(reason(200).success).toBe(true);
    expect(zodFields(reason(201).error!)).toEqual({ reason: 'must be at most 200 characters' });
  });

  it('availability: orderable only with the product and the SKU on sale and stock left', () => {
    const on = { status: 'on_sale' as const };
    const off = { status: 'off_sale' as const };
    expect(skuAvailability(on, { status: 'on_sale', stock: 1 })).toBe('orderable');
    expect(skuAvailability(on, { status: 'on_sale', stock: 0 })).toBe('out_of_stock');
    expect(skuAvailability(on, { status: 'off_sale', stock: 5 })).toBe('off_sale');
    expect(skuAvailability(off, { status: 'on_sale', stock: 5 })).toBe('off_sale');
    const skus = [
      { status: 'off_sale' as const, stock: 9 },
      { status: 'on_sale' as const, stock: 0 },
    ];
    expect(productAvailability({ ...on, skus })).toBe('out_of_stock');
    expect(productAvailability({ ...off, skus })).toBe('off_sale');
    expect(productAvailability({ ...on, skus: [...skus, { status: 'on_sale' as const, stock: 2 }] })).toBe(
      'orderable',
    );
  });

  it('names and labels are one line; an address may have several', () => {
    const fields = (r: { success: boolean; error?: Parameters<typeof zodFields>[0] }) =>
      r.success ? {} : zodFields(r.error!);
    expect(fields(createAppBody.safeParse({ name: 'Shop\nApp' }))).toEqual({ name: 'must be on one line' });
    expect(fields(createAppBody.safeParse({ name: 'Shop\u2028App' }))).toEqual({
      name: 'must be on one line',
    });
    expect(createAppBody.safeParse({ name: 'Shop App' }).success).toBe(true);
    const merchant = { email: 'a@example.com', name: 'Acme\tLtd', credit_limit: '10.00' };
    expect(fields(createMerchantBody.safeParse(merchant))).toMatchObject({ name: 'must be on one line' });
  });

  it('zodFields: the first message per field by its path, `_` for the body itself', () => {
    const nested = placeOrderBody.safeParse({
      goods_id: 'G',
      sku_id: 'S',
      quantity: 1,
      shipping_address: {},
    });
    expect(nested.success).toBe(false);
    const byPath = zodFields(nested.error!);
    expect(byPath['shipping_address.city']).toBe('is required');
    expect(Object.keys(byPath).every((k) => k.startsWith('shipping_address.'))).toBe(true);
    expect(zodFields(signInBody.safeParse('not an object').error!)).toEqual({ _: 'must be an object' });
  });

  it('zodFields: a wrong type its schema gave no words for reads in the catalog’s words, not zod’s', () => {
    const wrong = placeOrderBody.safeParse({
      goods_id: 'G',
      sku_id: 'S',
      quantity: 1,
      merchant_order_no: 7,
      shipping_address: null,
    });
    expect(zodFields(wrong.error!)).toEqual({
      merchant_order_no: 'must be a string',
      shipping_address: 'must be an object',
    });
    expect(zodFields(generateApiKeyBody.safeParse({ read_only: 'yes' }).error!)).toEqual({
      read_only: 'must be true or false',
    });
    // A schema's own words stay.
    expect(zodFields(placeOrderBody.safeParse({ quantity: '2' }).error!).quantity).toBe(
      'must be an integer from 1 to 999',
    );
  });
});
