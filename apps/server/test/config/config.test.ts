/** Configuration: read once from the environment, every bad variable listed, master key made once. */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, SETTING_NAMES } from '../../src/config.ts';
import { parseEnvFile } from '../../src/env-file.ts';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'tradepost-config-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('loadConfig', () => {
  it('applies the documented defaults, and empty strings count as unset', () => {
    const dir = tempDir();
    const c = loadConfig({ TRADEPOST_DATA_DIR: dir, PORT: '', DATABASE_URL: '' });
    expect(c).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      dataDir: dir,
      databaseUrl: undefined,
      demo: false,
      timestampWindowSeconds: 300,
      trustProxy: 0,
      bodyLimitBytes: 1024 * 1024,
      inflightBodyBytes: 32 * 1024 * 1024,
      maxConnections: 900,
      maxConnectionsPerAddress: 0,
      rateLimitPerSecond: 0,
      logLevel: 'info',
      sessionIdleSeconds: 1800,
      sessionMaxSeconds: 43200,
    });
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('lists every bad variable at once', () => {
    let error: unknown;
    try {
      loadConfig({
        TRADEPOST_DATA_DIR: tempDir(),
        PORT: '70000',
        DATABASE_URL: 'mysql://x',
        TRADEPOST_MASTER_KEY: 'not-hex',
        TRADEPOST_DEMO: 'maybe',
        TRADEPOST_TRUST_PROXY: 'sure',
        LOG_LEVEL: 'loud',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.map((p) => p.split(':')[0]);
    expect(problems.sort()).toEqual(
      [
        'DATABASE_URL',
        'LOG_LEVEL',
        'PORT',
        'TRADEPOST_DEMO',
        'TRADEPOST_MASTER_KEY',
        'TRADEPOST_TRUST_PROXY',
      ].sort(),
    );
    expect((error as Error).message).toMatch(/postgres:\/\//);
  });

  it('says what each bad variable must be, in words, and never echoes a value', () => {
    const error = (() => {
      try {
        loadConfig({
          TRADEPOST_DATA_DIR: tempDir(),
          PORT: 'abc',
          TRADEPOST_RATE_LIMIT: '-1',
          TRADEPOST_TIMESTAMP_WINDOW: '1.5',
          TRADEPOST_TRUST_PROXY: 'sure',
          LOG_LEVEL: 'loud',
        });
      } catch (e) {
        return e as ConfigError;
      }
      throw new Error('accepted');
    })();
    expect(error.problems.sort()).toEqual(
      [
        'PORT: must be a number',
        'TRADEPOST_RATE_LIMIT: must be at least 0',
        'TRADEPOST_TIMESTAMP_WINDOW: must be a whole number',
        'TRADEPOST_TRUST_PROXY: must be how many proxies stand in front (0 to 16), or true (1) or false (0)',
        'LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent',
      ].sort(),
    );
  });

  it('generates the master key once, mode 0600, and reuses it', () => {
    const dir = tempDir();
    const first = loadConfig({ TRADEPOST_DATA_DIR: dir });
    expect(first.masterKeySource).toBe('generated');
    expect(first.masterKey).toHaveLength(32);
    const file = join(dir, 'master.key');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8').trim()).toBe(first.masterKey.toString('hex'));
    const second = loadConfig({ TRADEPOST_DATA_DIR: dir });
    expect(second.masterKeySource).toBe('file');
    expect(second.masterKey.equals(first.masterKey)).toBe(true);
  });

  it('takes the master key from the environment when given, writing nothing', () => {
    const dir = tempDir();
    const c = loadConfig({ TRADEPOST_DATA_DIR: dir, TRADEPOST_MASTER_KEY: 'ab'.repeat(32) });
    expect([c.masterKeySource, c.masterKey.toString('hex')]).toEqual(['env', 'ab'.repeat(32)]);
    expect(() => statSync(join(dir, 'master.key'))).toThrow();
  });

  it('refuses a corrupted master key file instead of silently making a new one', () => {
    const dir = tempDir();
    loadConfig({ TRADEPOST_DATA_DIR: dir });
    writeFileSync(join(dir, 'master.key'), 'garbage\n');
    expect(() => loadConfig({ TRADEPOST_DATA_DIR: dir })).toThrow(ConfigError);
  });
});

describe('the env file', () => {
  it("reads what Node's own parser reads, as it reads it", () => {
    const text = [
      '# as .env.example says',
      '',
      'PORT=8080',
      'export HOST=127.0.0.1',
      'SPACED = a value  ',
      'COMMENTED=1 # a comment',
      'HASH=#no value',
      'EMPTY=',
      'DOUBLE="a # b\\nc"',
      "SINGLE='x\\ny'",
      'BACKTICK=`it\'s "q"`',
      'MULTI="line one',
      'line two"',
      'DOTTED.NAME-1=v',
      'PORT=9090',
      'CRLF=yes\r',
    ].join('\n');
    const { values, problems } = parseEnvFile(text);
    expect(problems).toEqual([]);
    expect(values).toEqual(parseEnv(text));
    expect(values).toMatchObject({ DOUBLE: 'a # b\nc', MULTI: 'line one\nline two', PORT: '9090' });
    // A line of spaces is blank too (Node 20 read it into the next line's name: '\t\nPORT').
    expect(parseEnvFile('   \n\t\nPORT=1\n')).toEqual({ values: { PORT: '1' }, problems: [] });
  });

  it('names every line it cannot read by its number, never its text, and reads the lines after it', () => {
    const { values, problems } = parseEnvFile(
      'PRODUCTION\nDATABASE_URL=postgres://u:pw@db/tp\n=s3cret\nkey with spaces=v\nQUOTED="s3cret\nREDIS_URL=redis://r\n',
    );
    expect(problems).toEqual([
      { line: 1, message: 'is not NAME=value (a comment starts with #)' },
      { line: 3, message: 'is not NAME=value (a comment starts with #)' },
      { line: 4, message: 'is not NAME=value (a comment starts with #)' },
      { line: 5, message: 'QUOTED: the value\'s opening " is never closed' },
    ]);
    expect(JSON.stringify(problems)).not.toContain('s3cret');
    expect(values).toEqual({ DATABASE_URL: 'postgres://u:pw@db/tp', REDIS_URL: 'redis://r' });
  });
});

describe('README.md "Configuration"', () => {
  it('has a row for every variable the configuration reads, and for the env file', () => {
    const readme = readFileSync(new URL('../../../../README.md', import.meta.url), 'utf8');
    const table = readme.split('\n## Configuration')[1]!.split('\n## ')[0]!;
    const rows = new Set(
      [...table.matchAll(/^\| `([A-Z_]+)`(?: \/ `([A-Z_]+)`)?/gm)].flatMap((m) => m.slice(1, 3)),
    );
    const missing = [...SETTING_NAMES, 'TRADEPOST_ENV_FILE'].filter((name) => !rows.has(name));
    expect(missing).toEqual([]);
  });
});
