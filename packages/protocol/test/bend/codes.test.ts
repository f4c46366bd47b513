import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BEND_CODES } from '../../src/index.ts';

const spec = readFileSync(new URL('../../../../docs/spec/bend-v1.md', import.meta.url), 'utf8');

/**
 * The rows of the spec's "Standard response codes and HTTP status" table, plus the code tables of
 * its "Extensions v1.1" sections (2003): code → [meaning, status].
 */
function specTable(): Map<number, [string, number]> {
  const base = spec.split('## Standard response codes and HTTP status')[1]!.split('\n## ')[0]!;
  const extensions = spec
    .split('\n## ')
    .filter((section) => section.startsWith('Extensions v1.1'))
    .join('\n');
  const rows = new Map<number, [string, number]>();
  for (const m of `${base}\n${extensions}`.matchAll(/^\| (\d+) \| ([^|]+) \| (\d{3}) \|$/gm)) {
    rows.set(Number(m[1]), [m[2]!.trim(), Number(m[3])]);
  }
  return rows;
}

/** Codes whose spec wording is a sentence: their name is a short form, not the whole message. */
const SHORT_NAMES: Record<number, string> = { 2003: 'OrderNotCancellable' };

const entries = Object.entries(BEND_CODES).map(([code, entry]) => [Number(code), entry] as const);

describe('BEND_CODES', () => {
  it('holds exactly the codes of the spec table, each with its HTTP status', () => {
    const table = specTable();
    expect(table.size).toBeGreaterThan(10);
    expect(entries.map(([code]) => code).sort()).toEqual([...table.keys()].sort());
    for (const [code, { httpStatus }] of entries) expect(httpStatus, String(code)).toBe(table.get(code)![1]);
  });

  it("uses the spec's wording for the message (its annotations in parentheses or after a dash left out)", () => {
    const table = specTable();
    for (const [code, { message }] of entries) {
      const wording = table
        .get(code)![0]
        .replace(/ — .*$/, '')
        .replace(/ \([^)]*\)$/, '');
      expect(message.toLowerCase(), String(code)).toBe(wording.toLowerCase());
    }
    expect(BEND_CODES[0].message).toBe('success'); // as on the wire: {"code":0,"message":"success",...}
  });

  it('holds the v1.1 lifecycle code 2003 (409) from the extensions table', () => {
    expect(specTable().get(2003)).toEqual([
      'Order cannot be cancelled in its current status (message names the status)',
      409,
    ]);
    expect(BEND_CODES[2003]).toEqual({
      name: 'OrderNotCancellable',
      message: 'Order cannot be cancelled in its current status',
      httpStatus: 409,
    });
  });

  it('names every code in PascalCase after its message, each name once', () => {
    for (const [code, { name, message }] of entries) {
      const pascal = message.replace(/(?:^|\s+)(\w)/g, (_, c: string) => c.toUpperCase());
      expect(name, String(code)).toBe(SHORT_NAMES[code] ?? pascal);
    }
    expect(new Set(entries.map(([, e]) => e.name)).size).toBe(entries.length);
  });
});
