import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BEND_CODES } from '../../src/index.ts';

const spec = readFileSync(new URL('../../../../docs/spec/bend-v1.md', import.meta.url), 'utf8');

/** The rows of the spec's "Standard response codes and HTTP status" table: code → [meaning, status]. */
function specTable(): Map<number, [string, number]> {
  const section = spec.split('## Standard response codes and HTTP status')[1]!.split('\n## ')[0]!;
  const rows = new Map<number, [string, number]>();
  for (const m of section.matchAll(/^\| (\d+) \| ([^|]+) \| (\d{3}) \|$/gm)) {
    rows.set(Number(m[1]), [m[2]!.trim(), Number(m[3])]);
  }
  return rows;
}

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

  it('names every code in PascalCase after its message, each name once', () => {
    for (const [code, { name, message }] of entries) {
      const pascal = message.replace(/(?:^|\s+)(\w)/g, (_, c: string) => c.toUpperCase());
      expect(name, String(code)).toBe(pascal);
    }
    expect(new Set(entries.map(([, e]) => e.name)).size).toBe(entries.length);
  });
});
