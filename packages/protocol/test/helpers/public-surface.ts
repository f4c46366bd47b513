/**
 * Checks of a package's public surface, shared by the packages' `index.test.ts`: what
 * `src/index.ts` re-exports, TSDoc with an `@example` naming each export, and the house rules on
 * source files (kebab-case names, at most ~400 lines).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { expect } from 'vitest';

/** The names a module re-exports `from '<from>'` (types included, `as` aliases dropped), with the source. */
export function reExports(text: string, from: string): [string, string][] {
  const out: [string, string][] = [];
  const re = new RegExp(`export (?:type )?\\{([^}]+)\\} from '(${from})'`, 'g');
  for (const m of text.matchAll(re)) {
    for (const raw of m[1]!.split(',')) {
      const name = raw
        .trim()
        .replace(/^type /, '')
        .replace(/ as \w+$/, '');
      if (name) out.push([name, m[2]!]);
    }
  }
  return out;
}

/** `name`'s declaration in `text` has a TSDoc block directly above it, with an @example using it. */
export function expectExampleDoc(text: string, name: string): void {
  const decl = new RegExp(
    `/\\*\\*((?:(?!\\*/)[\\s\\S])*)\\*/\\s*export (?:declare )?(?:async )?(?:function|class|const|interface|type) ${name}\\b`,
  );
  const doc = decl.exec(text)?.[1];
  expect(doc, `no TSDoc block directly above ${name}`).toBeDefined();
  expect(doc).toContain('@example');
  expect(doc).toMatch(new RegExp(`\\b${name}\\b[\\s\\S]*\`\`\`|\`\`\`ts[\\s\\S]*${name}`));
}

/** Every source file below `src` has a kebab-case `.ts` name and at most 400 lines. */
export function expectHouseFileRules(src: URL): void {
  const walk = (dir: URL): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(new URL(`${e.name}/`, dir)) : [new URL(e.name, dir).pathname],
    );
  for (const path of walk(src)) {
    expect(path.split('/').pop()).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*\.ts$/);
    expect(readFileSync(path, 'utf8').split('\n').length, path).toBeLessThanOrEqual(400);
  }
}
