/**
 * The rules every credential shares (merchants.rules.ts) and how the three credential services
 * apply them: Apps, Action API keys and WallTech tokens.
 */
import { describe, expect, it } from 'vitest';
import {
  credentialState,
  emailSchema,
  normalizeEmail,
  parseCredentialLabel,
} from '../../src/modules/merchants/merchants.rules.ts';
import type { Services } from '../../src/services.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { newMerchant } from '../helpers/factories.ts';
import { codeOf, useServices } from './fixtures.ts';

describe('credentialState', () => {
  it('active only when the credential and its merchant both are', () => {
    expect(credentialState('active', 'active')).toEqual({ active: true, reason: null });
    expect(credentialState('disabled', 'active')).toEqual({ active: false, reason: 'credential_inactive' });
    expect(credentialState('revoked', 'active')).toEqual({ active: false, reason: 'credential_inactive' });
    expect(credentialState('active', 'suspended')).toEqual({ active: false, reason: 'merchant_suspended' });
    // Both: the suspension is named, as the WallTech door always did.
    expect(credentialState('revoked', 'suspended')).toEqual({ active: false, reason: 'merchant_suspended' });
  });
});

describe('email and label rules', () => {
  it('emailSchema trims and checks the form; normalizeEmail lower-cases', () => {
    expect(emailSchema.parse('  Ops@Example.com ')).toBe('Ops@Example.com');
    for (const bad of ['not-an-email', 'a@b', 'a b@c.d', `${'a'.repeat(320)}@example.com`]) {
      expect(emailSchema.safeParse(bad).success, bad).toBe(false);
    }
    expect(normalizeEmail('  Ops@Example.COM ')).toBe('ops@example.com');
    expect(normalizeEmail(42)).toBe('');
  });

  it('labels are trimmed, 1..100 characters', () => {
    expect(parseCredentialLabel('  Shop  ')).toBe('Shop');
    expect(parseCredentialLabel('x'.repeat(100))).toBe('x'.repeat(100));
    for (const bad of ['', '   ', 'x'.repeat(101), undefined, 7]) {
      expect(() => parseCredentialLabel(bad)).toThrow(
        expect.objectContaining({ code: 4001, message: 'name: must be 1..100 characters' }),
      );
    }
    // Lists, CSV exports and log lines show a label on one line.
    for (const bad of ['Shop\nApp', 'Shop\tApp', 'Shop\r\nApp', 'Shop\u2028App']) {
      expect(() => parseCredentialLabel(bad)).toThrow(
        expect.objectContaining({ code: 4001, message: 'name: must be on one line' }),
      );
    }
  });
});

describeEachDatabase('credential services', (database) => {
  let s: Services;
  useServices(database, (_o, services) => {
    s = services;
  });

  it('apps and tokens refuse the same bad labels and unknown merchants alike', async () => {
    const m = await newMerchant(s);
    for (const name of ['', 'x'.repeat(101)]) {
      await expect(s.apps.create(m.merchantId, name)).rejects.toMatchObject({
        code: 4001,
        message: 'name: must be 1..100 characters',
      });
      await expect(s.tokens.create(m.merchantId, { name })).rejects.toMatchObject({
        code: 4001,
        message: 'name: must be 1..100 characters',
      });
    }
    await expect(s.apps.create('MCHNOPE', 'Shop')).rejects.toMatchObject({
      code: 4001,
      message: 'merchant_id: unknown merchant',
    });
    await expect(s.tokens.create('MCHNOPE', { name: 'x' })).rejects.toMatchObject({
      code: 4001,
      message: 'merchant_id: unknown merchant',
    });
    expect((await s.tokens.create(m.merchantId, { name: '  trimmed  ' })).name).toBe('trimmed');
  });

  it('a token says why it may not act: revoked, or its merchant suspended', async () => {
    const m = await newMerchant(s);
    const t = await s.tokens.create(m.merchantId, { name: 'reporting' });
    expect(await s.tokens.lookupForAuth(t.token)).toMatchObject({ status: 'active', inactiveReason: null });
    await s.merchants.setStatus(m.merchantId, 'suspended');
    expect(await s.tokens.lookupForAuth(t.token)).toMatchObject({
      status: 'revoked',
      inactiveReason: 'merchant_suspended',
    });
    await s.merchants.setStatus(m.merchantId, 'active');
    await s.tokens.revoke(t.token);
    expect(await s.tokens.lookupForAuth(t.token)).toMatchObject({
      status: 'revoked',
      inactiveReason: 'credential_inactive',
    });
    expect(await s.tokens.lookupForAuth('not-a-token')).toBeNull();
  });

  it('an API key is disabled while its merchant is suspended; its e-mail is matched in any case', async () => {
    const m = await newMerchant(s);
    await s.apiKeys.create(` ${m.email.toUpperCase()} `);
    expect((await s.apiKeys.lookupForAuth(m.email.toUpperCase()))?.status).toBe('active');
    await s.merchants.setStatus(m.merchantId, 'suspended');
    expect((await s.apiKeys.lookupForAuth(m.email))?.status).toBe('disabled');
    await s.merchants.setStatus(m.merchantId, 'active');
    expect((await s.apiKeys.lookupForAuth(m.email))?.status).toBe('active');
    expect(await codeOf(() => s.apiKeys.create('nobody@example.com'))).toBe(4001);
  });
});
