import { describe, expect, it } from 'vitest';
import { decodeHex, hmac, macEqual } from '../../src/internal/mac.ts';

/**
 * The shared constant-time compare (#13 item 7): a mutation that made it accept a prefix of the
 * expected MAC once survived the whole suite. Each case below fails such a mutation.
 */
describe('macEqual', () => {
  const mac = hmac('sha256', 'k'.repeat(32), 'message');

  it('accepts the same bytes only', () => {
    expect(macEqual(mac, Buffer.from(mac))).toBe(true);
    const flipped = Buffer.from(mac);
    flipped[31] = flipped[31]! ^ 1;
    expect(macEqual(mac, flipped)).toBe(false);
    flipped[31] = flipped[31]! ^ 1;
    flipped[0] = flipped[0]! ^ 0x80;
    expect(macEqual(mac, flipped)).toBe(false);
  });

  it('refuses a prefix of the expected MAC, of any length', () => {
    for (const n of [0, 1, 2, 16, 31]) expect([n, macEqual(mac, mac.subarray(0, n))]).toEqual([n, false]);
  });

  it('refuses a longer value that starts with the expected MAC', () => {
    expect(macEqual(mac, Buffer.concat([mac, Buffer.from([0])]))).toBe(false);
    expect(macEqual(mac, Buffer.concat([mac, mac]))).toBe(false);
  });

  it('refuses empty input, and an expected MAC is never empty-equal', () => {
    expect(macEqual(mac, new Uint8Array(0))).toBe(false);
    expect(macEqual(mac.subarray(0, 0), Buffer.from([1]))).toBe(false);
  });

  it('hex in the other letter case is the same bytes (decodeHex), a different MAC is not', () => {
    const hex = mac.toString('hex');
    expect(macEqual(mac, decodeHex(hex.toUpperCase())!)).toBe(true);
    expect(decodeHex(hex.slice(1))).toBeNull();
    expect(decodeHex(`${hex}z`.slice(0, 64).replace(/.$/, 'z'))).toBeNull();
    expect(macEqual(mac, hmac('sha256', 'k'.repeat(32), 'Message'))).toBe(false);
    expect(macEqual(mac, hmac('sha256', 'K'.repeat(32), 'message'))).toBe(false);
  });
});
