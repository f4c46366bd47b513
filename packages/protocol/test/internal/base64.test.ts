import { describe, expect, it } from 'vitest';
import { decodeBase64Strict } from '../../src/internal/base64.ts';

describe('decodeBase64Strict', () => {
  it('decodes canonical padded Base64', () => {
    expect(decodeBase64Strict('aGVsbG8=')?.toString()).toBe('hello');
    expect(decodeBase64Strict('aGVsbG8h')?.toString()).toBe('hello!');
    expect(decodeBase64Strict('aGk=')?.toString()).toBe('hi');
    expect(decodeBase64Strict('')?.length).toBe(0);
  });

  it.each([
    ['missing padding', 'aGVsbG8'],
    ['base64url alphabet', 'a-_b'],
    ['whitespace inside', 'aGVs bG8='],
    ['newline at the end', 'aGVsbG8=\n'],
    ['junk Buffer.from would skip', 'aGVs*bG8='],
    ['non-zero pad bits', 'aGk='.replace('k', 'l')],
    ['padding in the middle', 'aG==aGk='],
    ['too much padding', 'aGk=='],
    ['truncated', 'aGVsbG8=aG'],
    ['non-ASCII', 'aGVsbG8é'],
  ])('rejects %s', (_label, text) => {
    expect(decodeBase64Strict(text)).toBeNull();
  });

  it('rejects non-strings', () => {
    for (const value of [undefined, null, 42, ['aGk='], { toString: () => 'aGk=' }]) {
      expect(decodeBase64Strict(value)).toBeNull();
    }
  });
});
