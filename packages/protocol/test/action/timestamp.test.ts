import { describe, expect, it } from 'vitest';
import { formatActionTimestamp, parseActionTimestamp } from '../../src/index.ts';

describe('parseActionTimestamp', () => {
  it.each([
    ['2015-07-01T11:11:11+00:00', '2015-07-01T11:11:11.000Z'],
    ['2015-07-01T11:11:11+0000', '2015-07-01T11:11:11.000Z'],
    ['2015-07-01T11:11:11Z', '2015-07-01T11:11:11.000Z'],
    ['2015-07-01T11:11:11.5Z', '2015-07-01T11:11:11.500Z'],
    ['2015-07-01T11:11:11.123456789+00:00', '2015-07-01T11:11:11.123Z'],
    ['2015-07-01T11:11Z', '2015-07-01T11:11:00.000Z'],
    ['2015-07-01T11:11+00:00', '2015-07-01T11:11:00.000Z'],
    ['2015-07-01T13:41:11+02:30', '2015-07-01T11:11:11.000Z'],
    ['2015-07-01T00:11:11-11:00', '2015-07-01T11:11:11.000Z'],
    ['2015-07-01T11:11:11-0530', '2015-07-01T16:41:11.000Z'],
    ['2016-02-29T00:00:00Z', '2016-02-29T00:00:00.000Z'],
    ['2015-12-31T23:30:00-01:00', '2016-01-01T00:30:00.000Z'],
  ])('%s → %s', (text, iso) => {
    expect(parseActionTimestamp(text)?.toISOString()).toBe(iso);
  });

  it.each([
    ['no offset', '2015-07-01T11:11:11'],
    ['a space for T', '2015-07-01 11:11:11Z'],
    ['a decoded + (space)', '2015-07-01T11:11:11 00:00'],
    ['month 13', '2015-13-01T11:11:11Z'],
    ['30 February', '2015-02-30T11:11:11Z'],
    ['29 February of a common year', '2015-02-29T11:11:11Z'],
    ['hour 24', '2015-07-01T24:00:00Z'],
    ['second 60', '2015-07-01T11:11:60Z'],
    ['offset minutes 60', '2015-07-01T11:11:11+00:60'],
    ['a date only', '2015-07-01'],
    ['unix seconds', '1435749071'],
    ['empty', ''],
    ['trailing text', '2015-07-01T11:11:11Zjunk'],
    ['a very long string', `2015-07-01T11:11:11.${'1'.repeat(10_000)}Z`],
  ])('null for %s', (_label, text) => {
    expect(parseActionTimestamp(text)).toBeNull();
  });

  it('null for non-strings', () => {
    for (const value of [undefined, null, 1435749071, new Date()])
      expect(parseActionTimestamp(value as never)).toBeNull();
  });

  it('keeps years below 100 as written', () => {
    expect(parseActionTimestamp('0099-01-01T00:00Z')?.getUTCFullYear()).toBe(99);
  });
});

describe('formatActionTimestamp', () => {
  it('writes seconds and +00:00, as the reference vectors do', () => {
    expect(formatActionTimestamp(new Date('2015-07-01T11:11:11.999Z'))).toBe('2015-07-01T11:11:11+00:00');
  });
});
