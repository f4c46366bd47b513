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

  // Python's email.utils.formatdate, Ruby's Time#rfc2822, PHP's DATE_RSS and Java's
  // RFC_1123_DATE_TIME write these (walltech.md, "Dates as clients in the wild send them").
  it.each([
    ['+0000', 'Sat, 28 Nov 2026 19:45:52 +0000', '2026-11-28T19:45:52.000Z'],
    ['+0800 (the next day locally)', 'Sun, 29 Nov 2026 03:45:52 +0800', '2026-11-28T19:45:52.000Z'],
    ['-0530', 'Sat, 28 Nov 2026 14:15:52 -0530', '2026-11-28T19:45:52.000Z'],
    ['-0000', 'Sat, 28 Nov 2026 19:45:52 -0000', '2026-11-28T19:45:52.000Z'],
    ['UT', 'Sat, 28 Nov 2026 19:45:52 UT', '2026-11-28T19:45:52.000Z'],
    ['UTC', 'Sat, 28 Nov 2026 19:45:52 UTC', '2026-11-28T19:45:52.000Z'],
    ['Z', 'Sat, 28 Nov 2026 19:45:52 Z', '2026-11-28T19:45:52.000Z'],
    ['a one-digit day', 'Thu, 6 Aug 2020 06:01:26 GMT', '2020-08-06T06:01:26.000Z'],
  ])('parses the zone %s at the instant its offset says', (_label, text, iso) => {
    expect(parseWalltechDate(text)?.toISOString()).toBe(iso);
  });

  it.each([
    ['a wrong weekday', 'Wed, 06 Aug 2020 06:01:26 GMT'],
    ['30 February', 'Sun, 30 Feb 2020 06:01:26 GMT'],
    ['hour 24', 'Thu, 06 Aug 2020 24:01:26 GMT'],
    ['a weekday right in UTC but wrong in the offset zone', 'Thu, 07 Aug 2020 03:45:52 +0800'],
    ['an offset of 24 hours', 'Thu, 06 Aug 2020 06:01:26 +2400'],
    ['an offset with 60 minutes', 'Thu, 06 Aug 2020 06:01:26 +0060'],
    ['an offset with a colon', 'Thu, 06 Aug 2020 06:01:26 +08:00'],
    ['a zone name other than GMT/UT/UTC/Z', 'Thu, 06 Aug 2020 06:01:26 EST'],
    ['a second 60', 'Thu, 06 Aug 2020 06:01:60 GMT'],
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
