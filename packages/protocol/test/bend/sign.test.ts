import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bendSignString, ProtocolError, signBend } from '../../src/index.ts';
import { APP_ID, KEYS } from '../helpers/bend-fixtures.ts';

describe('bendSignString', () => {
  it('orders keys app_id, data, nonce, timestamp whatever the input order', () => {
    const text = bendSignString({ timestamp: '1', nonce: 'n'.repeat(16), data: 'xyz=', app_id: APP_ID });
    expect(text).toBe(`{"app_id":"${APP_ID}","data":"xyz=","nonce":"${'n'.repeat(16)}","timestamp":"1"}`);
  });

  it('escapes exactly as JSON.stringify does', () => {
    const odd = 'quote" backslash\\ nl\n tab\t nul\u0000 ls\u2028 é 🚚';
    const text = bendSignString({ app_id: odd, data: odd, nonce: odd, timestamp: odd });
    expect(text).toBe(
      `{"app_id":${JSON.stringify(odd)},"data":${JSON.stringify(odd)},"nonce":${JSON.stringify(odd)},"timestamp":${JSON.stringify(odd)}}`,
    );
  });

  it('ignores extra properties such as sign', () => {
    const f = { app_id: APP_ID, data: '', nonce: 'n'.repeat(16), timestamp: '1', sign: 'x' };
    expect(bendSignString(f)).not.toContain('sign"');
  });

  it('throws ERR_INVALID_ARGUMENT for a non-string field', () => {
    expect(() =>
      bendSignString({ app_id: APP_ID, data: '', nonce: 'n'.repeat(16), timestamp: 1 as unknown as string }),
    ).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }));
  });
});

describe('signBend', () => {
  const f = { app_id: APP_ID, data: 'abcd', nonce: 'n'.repeat(16), timestamp: '1763812345' };

  it('is lowercase hex HMAC-SHA256 of the sign string keyed with the Sign Key', () => {
    const expected = createHmac('sha256', KEYS.signKey).update(bendSignString(f)).digest('hex');
    expect(signBend(f, KEYS.signKey)).toBe(expected);
    expect(signBend(f, KEYS.signKey)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('signs the sign string whatever the size and alphabet of the fields (small and large data, escaped or not)', () => {
    const odd = 'quote" é 🚚\u2028';
    for (const data of ['', 'abcd', 'A'.repeat(5000) + '==', `${odd}${'x'.repeat(5000)}`, odd]) {
      for (const app_id of [APP_ID, odd]) {
        const g = { ...f, app_id, data };
        const expected = createHmac('sha256', KEYS.signKey).update(bendSignString(g)).digest('hex');
        expect(signBend(g, KEYS.signKey)).toBe(expected);
      }
    }
  });

  it('throws ProtocolError ERR_INVALID_KEY for a malformed Sign Key', () => {
    for (const key of ['x'.repeat(31), 'x'.repeat(32) + 'y', `${'x'.repeat(31)}_`]) {
      expect(() => signBend(f, key)).toThrow(ProtocolError);
      expect(() => signBend(f, key)).toThrow(/Sign Key must be exactly 32 chars/);
    }
  });
});
