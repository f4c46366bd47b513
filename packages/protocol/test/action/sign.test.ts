import { describe, expect, it } from 'vitest';
import {
  actionStringToSign,
  buildActionQuery,
  ProtocolError,
  signAction,
  verifyActionRequest,
} from '../../src/index.ts';

describe('actionStringToSign', () => {
  it("escapes !'()* that encodeURIComponent leaves alone, and keeps - _ . ~", () => {
    expect(actionStringToSign({ v: "!'()*-_.~ " })).toBe('v=%21%27%28%29%2A-_.~%20');
  });

  it('encodes UTF-8 bytes upper-case', () => {
    expect(actionStringToSign({ v: 'é☕🚚' })).toBe('v=%C3%A9%E2%98%95%F0%9F%9A%9A');
  });

  it('sorts by byte value: upper case first, then by value for repeated names', () => {
    expect(
      actionStringToSign([
        ['version', 'b'],
        ['Version', 'a'],
        ['b', '2'],
        ['b', '10'],
        ['_', 'x'],
      ]),
    ).toBe('Version=a&_=x&b=10&b=2&version=b');
  });

  it('sorts by UTF-8 bytes, not UTF-16 code units', () => {
    // U+FF21 (EF BC A1) sorts before U+1F69A (F0 9F 9A 9A) in bytes, after it in UTF-16 units.
    expect(
      actionStringToSign([
        ['\u{1F69A}', '1'],
        ['\uFF21', '2'],
      ]),
    ).toBe('%EF%BC%A1=2&%F0%9F%9A%9A=1');
  });

  it('drops Signature (case-sensitive) and never throws on a lone surrogate', () => {
    expect(actionStringToSign({ Signature: 'x', signature: 'y' })).toBe('signature=y');
    expect(actionStringToSign({ v: '\uD800' })).toBe('v=%EF%BF%BD');
  });

  it('throws ProtocolError for non-string values', () => {
    expect(() => actionStringToSign({ v: 1 } as never)).toThrow(ProtocolError);
  });
});

describe('signAction', () => {
  it('throws ERR_INVALID_KEY for an empty or non-ASCII key', () => {
    for (const key of ['', 'clé', 'a b']) {
      expect(() => signAction({}, key)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_KEY' }));
    }
  });
});

describe('buildActionQuery', () => {
  const apiKey = 'b1bdb357ced10fe4e9a69840cdd4f0e9c03d77fe';

  it('formats a Date timestamp as seconds with +00:00 and verifies against itself', async () => {
    const now = new Date('2026-11-22T18:41:00.789Z');
    const qs = buildActionQuery({ action: 'GetCredit', userId: 'look@me.com', apiKey, timestamp: now });
    expect(qs).toContain('Timestamp=2026-11-22T18%3A41%3A00%2B00%3A00');
    expect(qs).not.toContain('Format=');
    const r = await verifyActionRequest(qs, { lookupKey: async () => ({ apiKey }), now });
    expect(r).toMatchObject({ ok: true, value: { action: 'GetCredit', format: 'JSON' } });
  });

  it.each([
    ['an empty action', { action: '' }],
    ['a params entry named Signature', { params: { Signature: 'x' } }],
    ['a params entry overriding Action', { params: { Action: 'x' } }],
    ['a timestamp without offset', { timestamp: '2015-07-01T11:11:11' }],
    ['an invalid Date', { timestamp: new Date('x') }],
  ])('throws ProtocolError for %s', (_label, over) => {
    expect(() =>
      buildActionQuery({ action: 'GetCredit', userId: 'u@x.com', apiKey, ...(over as object) }),
    ).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }));
  });
});
