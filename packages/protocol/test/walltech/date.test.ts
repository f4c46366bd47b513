import { describe, expect, it } from 'vitest';
import { parseWalltechDate, ProtocolError, walltechDate } from '../../src/index.ts';

describe('walltechDate', () => {
  it('writes RFC 1123 GMT with two-digit day', () => {
    expect(walltechDate(new Date('2020-08-06T06:01:26.999Z'))).toBe('Thu, 06 Aug 2020 06:01:26 GMT');
    expect(walltechDate(new Date('2022-12-16T18:38:45Z'))).toBe('Fri, 16 Dec 2022 18:38:45 GMT');
  });

  it('throws ProtocolError for an invalid Date', () => {
    expect(() => walltechDate(new Date('x'))).toThrow(ProtocolError);
  });
});

describe('parseWalltechDate', () => {
  it('parses the exact form', () => {
    expect(parseWalltechDate('Thu, 06 Aug 2020 06:01:26 GMT')?.toISOString()).toBe(
      '2020-08-06T06:01:26.000Z',
    );
    expect(parseWalltechDate('Thu, 29 Feb 2024 00:00:00 GMT')?.toISOString()).toBe(
      '2024-02-29T00:00:00.000Z',
    );
  });

  it.each([
    ['a wrong weekday', 'Wed, 06 Aug 2020 06:01:26 GMT'],
    ['a one-digit day', 'Thu, 6 Aug 2020 06:01:26 GMT'],
    ['30 February', 'Sun, 30 Feb 2020 06:01:26 GMT'],
    ['hour 24', 'Thu, 06 Aug 2020 24:01:26 GMT'],
    ['UTC instead of GMT', 'Thu, 06 Aug 2020 06:01:26 UTC'],
    ['a numeric offset', 'Thu, 06 Aug 2020 06:01:26 +0000'],
    ['RFC 850', 'Thursday, 06-Aug-20 06:01:26 GMT'],
    ['asctime', 'Thu Aug  6 06:01:26 2020'],
    ['ISO 8601', '2020-08-06T06:01:26Z'],
    ['lower-case month', 'Thu, 06 aug 2020 06:01:26 GMT'],
    ['trailing space', 'Thu, 06 Aug 2020 06:01:26 GMT '],
    ['empty', ''],
  ])('null for %s', (_label, text) => {
    expect(parseWalltechDate(text)).toBeNull();
  });

  it('null for non-strings', () => {
    for (const value of [undefined, null, 0, ['Thu, 06 Aug 2020 06:01:26 GMT']])
      expect(parseWalltechDate(value as never)).toBeNull();
  });
});
