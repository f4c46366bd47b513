/**
 * The date filter's local days, without a browser: a day picked goes to the API as the instants
 * it spans in the reader's timezone. TZ is set per test (Node reads it when it changes). (The
 * formatters import React, whose DOM types this test program must not take in: the e2e tests
 * check them in the page.)
 */
import { afterEach, describe, expect, it } from 'vitest';
import { localDayBounds } from '../src/lib/local-days.ts';

const savedTz = process.env.TZ;
afterEach(() => {
  if (savedTz === undefined) delete process.env.TZ;
  else process.env.TZ = savedTz;
});

describe('local days', () => {
  it('a local day goes as the instants of its start and end, with the offset; anything else as it is', () => {
    process.env.TZ = 'Pacific/Honolulu';
    expect(localDayBounds({ from: '2026-11-29', to: '2026-11-29', type: 'order' })).toEqual({
      from: '2026-11-29T00:00:00.000-10:00',
      to: '2026-11-29T23:59:59.999-10:00',
      type: 'order',
    });
    process.env.TZ = 'Asia/Kolkata';
    expect(localDayBounds({ from: '0099-01-01', to: '9999-12-31' })).toEqual({
      // Local mean time, +05:53:28 then: no whole minute, so written in UTC (the same instant).
      from: '0098-12-31T18:06:32.000Z',
      to: '9999-12-31T23:59:59.999+05:30',
    });
    // A day DST shortens: it ends at the next local midnight all the same.
    process.env.TZ = 'America/New_York';
    expect(localDayBounds({ from: '2026-03-08', to: '2026-03-08' })).toEqual({
      from: '2026-03-08T00:00:00.000-05:00',
      to: '2026-03-08T23:59:59.999-04:00',
    });
    expect(localDayBounds({ from: 'yesterday', to: '2026-02-30' })).toEqual({
      from: 'yesterday',
      to: '2026-02-30',
    });
    expect(localDayBounds({})).toEqual({ from: undefined, to: undefined });
  });
});
