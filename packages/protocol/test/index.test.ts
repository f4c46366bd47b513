import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as api from '../src/index.ts';

const SRC = new URL('../src/', import.meta.url);
const indexText = readFileSync(new URL('index.ts', SRC), 'utf8');

/** Every name src/index.ts exports, types included, with the module it comes from. */
function exportedNames(): [string, string][] {
  const out: [string, string][] = [];
  for (const m of indexText.matchAll(/export (?:type )?\{([^}]+)\} from '\.\/([^']+)'/g)) {
    for (const raw of m[1]!.split(',')) {
      const name = raw.trim().replace(/^type /, '');
      if (name) out.push([name, m[2]!]);
    }
  }
  return out;
}

describe('public API', () => {
  it('exports exactly the runtime values of the contract (plus documented additions)', () => {
    expect(Object.keys(api).sort()).toEqual(
      [
        'ACTION_ERRORS',
        'BEND_CODES',
        'MemoryNonceStore',
        'ProtocolError',
        'actionError',
        'actionStringToSign',
        'bendSignString',
        'buildActionQuery',
        'buildBendRequest',
        'buildBendResponse',
        'buildWalltechHeaders',
        'decryptBendData',
        'encryptBendData',
        'extractBendAuth',
        'formatActionTimestamp',
        'isBendAppId',
        'isBendKey',
        'isWalltechToken',
        'parseActionTimestamp',
        'parseWalltechAuthorization',
        'parseWalltechDate',
        'signAction',
        'signBend',
        'signWalltech',
        'verifyActionRequest',
        'verifyBendRequest',
        'verifyBendResponse',
        'verifyWalltechRequest',
        'walltechDate',
        'walltechStringToSign',
      ].sort(),
    );
  });

  it('never re-exports src/internal/', () => {
    expect(indexText).not.toMatch(/from '\.\/internal\//);
  });

  it.each(exportedNames())('%s has TSDoc with an @example (from %s)', (name, file) => {
    const text = readFileSync(new URL(file, SRC), 'utf8');
    const decl = new RegExp(
      `/\\*\\*((?:(?!\\*/)[\\s\\S])*)\\*/\\s*export (?:declare )?(?:async )?(?:function|class|const|interface|type) ${name}\\b`,
    );
    const doc = decl.exec(text)?.[1];
    expect(doc, `no TSDoc block directly above ${name}`).toBeDefined();
    expect(doc).toContain('@example');
    expect(doc).toMatch(new RegExp(`\\b${name}\\b[\\s\\S]*\`\`\`|\`\`\`ts[\\s\\S]*${name}`));
  });

  it('keeps kebab-case file names and files under ~400 lines', () => {
    const walk = (dir: URL): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? walk(new URL(`${e.name}/`, dir)) : [new URL(e.name, dir).pathname],
      );
    for (const path of walk(SRC)) {
      expect(path.split('/').pop()).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*\.ts$/);
      expect(readFileSync(path, 'utf8').split('\n').length, path).toBeLessThanOrEqual(400);
    }
  });
});

describe('format guards', () => {
  it('isBendAppId: app_ + 24 lowercase hex chars, nothing else', () => {
    expect(api.isBendAppId('app_0123456789abcdef01234567')).toBe(true);
    for (const v of ['app_0123456789ABCDEF01234567', 'app_0123456789abcdef0123456', ' app_0123456789abcdef01234567', 42, null]) {
      expect(api.isBendAppId(v), String(v)).toBe(false);
    }
  });

  it('isWalltechToken: exactly 26 chars from [A-Za-z0-9]', () => {
    expect(api.isWalltechToken('0123456789ABCDEFGHIJabcdef')).toBe(true);
    for (const v of ['0123456789ABCDEFGHIJabcde', '0123456789ABCDEFGHIJabcdefg', '0123456789ABCDEFGHIJabcde-', 26, undefined]) {
      expect(api.isWalltechToken(v), String(v)).toBe(false);
    }
  });
});
