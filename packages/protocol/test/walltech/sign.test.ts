import { describe, expect, it } from 'vitest';
import {
  buildWalltechHeaders,
  parseWalltechAuthorization,
  signWalltech,
  walltechStringToSign,
} from '../../src/index.ts';

const SECRET = 'abcdefghijklmnopqrstuv';
const TOKEN = '0123456789ABCDEFGHIJabcdef';
const URL = 'http://localhost:8080/api/v1/orders';
const DATE = 'Sun, 22 Nov 2026 18:41:00 GMT';

describe('walltechStringToSign / signWalltech', () => {
  it('upper-cases the method, keeps the URL exactly', () => {
    expect(walltechStringToSign('post', DATE, `${URL}?a=%7E`)).toBe(`POST\n${DATE}\n${URL}?a=%7E`);
    expect(signWalltech('post', DATE, URL, SECRET)).toBe(signWalltech('POST', DATE, URL, SECRET));
  });

  it.each([
    ['21 chars', 'a'.repeat(21)],
    ['a symbol', `${'a'.repeat(22)}!`],
    ['non-ASCII', 'é'.repeat(22)],
  ])('throws ERR_INVALID_KEY for a secret of %s', (_label, secret) => {
    expect(() => signWalltech('GET', DATE, URL, secret)).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_KEY' }),
    );
  });

  it('throws ERR_INVALID_ARGUMENT for an empty method or URL', () => {
    expect(() => signWalltech('', DATE, URL, SECRET)).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }),
    );
    expect(() => signWalltech('GET', DATE, '', SECRET)).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }),
    );
  });
});

describe('buildWalltechHeaders', () => {
  it('dates the request with now and signs it', () => {
    const h = buildWalltechHeaders({
      token: TOKEN,
      secretKey: SECRET,
      method: 'POST',
      url: URL,
      now: new Date('2026-11-22T18:41:00Z'),
    });
    expect(h).toEqual({
      Authorization: `WallTech ${TOKEN}:${signWalltech('POST', DATE, URL, SECRET)}`,
      'X-WallTech-Date': DATE,
    });
  });

  it('throws ERR_INVALID_ARGUMENT for a token that is not 26 chars [A-Za-z0-9]', () => {
    for (const token of [TOKEN.slice(1), `${TOKEN}x`, `${TOKEN.slice(1)}-`]) {
      expect(() => buildWalltechHeaders({ token, secretKey: SECRET, method: 'GET', url: URL })).toThrow(
        expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }),
      );
    }
  });
});

describe('parseWalltechAuthorization', () => {
  it('splits token and signature; the scheme is case-insensitive', () => {
    expect(parseWalltechAuthorization(`WallTech ${TOKEN}:yWUH6sTKY3tDqfRMhnNZIWIVY6c=`)).toEqual({
      token: TOKEN,
      signature: 'yWUH6sTKY3tDqfRMhnNZIWIVY6c=',
    });
    expect(parseWalltechAuthorization('walltech t:s')).toEqual({ token: 't', signature: 's' });
  });

  it.each([
    ['two colons', 'WallTech a:b:c'],
    ['no colon', 'WallTech ab'],
    ['an empty token', 'WallTech :sig'],
    ['an empty signature', 'WallTech tok:'],
    ['no scheme', 'tok:sig'],
    ['another scheme', 'Bearer tok:sig'],
    ['no space after the scheme', 'WallTechtok:sig'],
    ['a space inside', 'WallTech tok: sig'],
    ['empty', ''],
    ['a huge header', `WallTech ${'a'.repeat(10_000)}:b`],
  ])('null for %s', (_label, header) => {
    expect(parseWalltechAuthorization(header)).toBeNull();
  });

  it('null for non-strings', () => {
    for (const value of [undefined, null, 1, ['WallTech a:b'], { toString: () => 'WallTech a:b' }]) {
      expect(parseWalltechAuthorization(value as never)).toBeNull();
    }
  });
});
