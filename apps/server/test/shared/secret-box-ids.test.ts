import { describe, expect, it } from 'vitest';
import { newAppId, newId, randomAlphanumeric } from '../../src/shared/ids.ts';
import { hashPassword, verifyPassword } from '../../src/shared/password.ts';
import { createSecretBox } from '../../src/shared/secret-box.ts';

describe('secret-box', () => {
  const box = createSecretBox(Buffer.alloc(32, 1));
  it('round-trips, with a fresh IV each time', () => {
    const a = box.seal('k3y', 'ctx');
    expect(a).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
    expect(box.seal('k3y', 'ctx')).not.toBe(a);
    expect(box.open(a, 'ctx')).toBe('k3y');
  });
  it('refuses another context, another key, tampering and unknown versions', () => {
    const a = box.seal('k3y', 'ctx');
    expect(() => box.open(a, 'other')).toThrow();
    expect(() => createSecretBox(Buffer.alloc(32, 2)).open(a, 'ctx')).toThrow();
    const raw = Buffer.from(a.slice(3), 'base64url');
    raw[14]! ^= 1;
    expect(() => box.open(`v1.${raw.toString('base64url')}`, 'ctx')).toThrow();
    expect(() => box.open(`v2.${a.slice(3)}`, 'ctx')).toThrow(/format/);
    expect(() => createSecretBox(Buffer.alloc(16))).toThrow(RangeError);
  });
});

describe('ids', () => {
  it('are prefixed, time-sortable and unique', () => {
    const a = newId('ORD', 1_700_000_000_000);
    const b = newId('ORD', 1_700_000_000_001);
    expect(a).toMatch(/^ORD[0-9A-HJKMNP-TV-Z]{22}$/);
    expect(a < b).toBe(true);
    expect(new Set(Array.from({ length: 10_000 }, () => newId('X'))).size).toBe(10_000);
  });
  it('credentials have the spec alphabet and an even spread', () => {
    expect(newAppId()).toMatch(/^app_[0-9a-f]{24}$/);
    const text = Array.from({ length: 2000 }, () => randomAlphanumeric(32)).join('');
    expect(text).toMatch(/^[A-Za-z0-9]+$/);
    const counts = new Map<string, number>();
    for (const c of text) counts.set(c, (counts.get(c) ?? 0) + 1);
    expect(counts.size).toBe(62);
    const expected = text.length / 62;
    for (const n of counts.values()) expect(Math.abs(n - expected) / expected).toBeLessThan(0.15);
  });
});

describe('password', () => {
  it('verifies the right password only', async () => {
    const h = await hashPassword('hunter22');
    expect(await verifyPassword('hunter22', h)).toBe(true);
    expect(await verifyPassword('hunter23', h)).toBe(false);
    expect(await verifyPassword('hunter22', 'garbage')).toBe(false);
  });
});
