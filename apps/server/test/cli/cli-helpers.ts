/**
 * Runs the real `bin/tradepost.js` in a child process against a given data dir / DATABASE_URL,
 * exactly as an operator would, and opens the same database in-process to check what changed.
 * The CLI runs as built JavaScript (dist/tradepost.mjs): it is built here once per test run, when
 * missing or older than its sources, under a lock the test processes share.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createContext, type Context } from '../../src/context.ts';
import { toAuditEvent } from '../../src/modules/audit/audit.service.ts';
import type { TestDatabase } from '../helpers/databases.ts';
import { ensureBundle } from '../../scripts/bundle.mjs';

export const BIN = fileURLToPath(new URL('../../bin/tradepost.js', import.meta.url));
export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

await ensureBundle();

export interface CliTarget {
  dataDir: string;
  databaseUrl: string | undefined;
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as the one JSON object it must be with --json (throws otherwise). */
  json(): Record<string, unknown>;
}

export function childEnv(target: CliTarget, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  // A clean env: an inherited DATABASE_URL must never point a SQLite run at PostgreSQL.
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TRADEPOST_DATA_DIR: target.dataDir,
    LOG_LEVEL: 'silent',
    // No .env from wherever the command runs (a developer's own could point a run elsewhere).
    TRADEPOST_ENV_FILE: '',
    // The suite's password cost (vitest.config.ts): `merchant create` and `operator create` hash.
    ...(process.env.TRADEPOST_SCRYPT_COST
      ? { TRADEPOST_SCRYPT_COST: process.env.TRADEPOST_SCRYPT_COST }
      : {}),
    ...extra,
  };
  if (target.databaseUrl) env.DATABASE_URL = target.databaseUrl;
  return env;
}

export function runCli(
  target: CliTarget,
  args: string[],
  opts: { cwd?: string; env?: Record<string, string> } = {},
): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: childEnv(target, opts.env), cwd: opts.cwd ?? REPO_ROOT, timeout: 45_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({
          code,
          stdout,
          stderr,
          json() {
            const lines = stdout.split('\n').filter((l) => l.trim() !== '');
            if (lines.length !== 1)
              throw new Error(`expected one JSON line on stdout, got:\n${stdout}\nstderr:\n${stderr}`);
            return JSON.parse(lines[0] as string) as Record<string, unknown>;
          },
        });
      },
    );
  });
}

/** Opens the target's database in-process (the same config the CLI builds from its env). */
export async function withTargetContext<T>(target: CliTarget, fn: (ctx: Context) => Promise<T>): Promise<T> {
  const ctx = await createContext(loadConfig(childEnv(target)));
  try {
    return await fn(ctx);
  } finally {
    ctx.services.close();
    await ctx.close();
  }
}

/**
 * A command line as one readable template: literal text splits on whitespace, each `${value}`
 * stays one argument (so values may hold spaces), and `--opt=${v}` stays joined.
 */
export function argv(strings: TemplateStringsArray, ...values: unknown[]): string[] {
  const out: string[] = [];
  let current: string | null = null;
  const push = () => {
    if (current !== null) out.push(current);
    current = null;
  };
  strings.forEach((literal, i) => {
    for (const ch of literal) {
      if (/\s/.test(ch)) push();
      else current = (current ?? '') + ch;
    }
    if (i < values.length) current = (current ?? '') + String(values[i]);
  });
  push();
  return out;
}

/** Per-dialect setup for an e2e file: a temp data dir, the database URL, a scratch folder. */
export function useCliTarget(database: TestDatabase): {
  target: CliTarget;
  file(name: string, text: string): string;
} {
  const target: CliTarget = { dataDir: '', databaseUrl: undefined };
  const files = mkdtempSync(join(tmpdir(), 'tradepost-cli-files-'));
  beforeAll(async () => {
    target.dataDir = mkdtempSync(join(tmpdir(), 'tradepost-cli-'));
    target.databaseUrl = await database.url();
  });
  afterAll(async () => {
    await database.dispose();
    rmSync(target.dataDir, { recursive: true, force: true });
    rmSync(files, { recursive: true, force: true });
  });
  return {
    target,
    file(name, text) {
      const path = join(files, name);
      writeFileSync(path, text);
      return path;
    },
  };
}

export const productCount = (target: CliTarget) =>
  withTargetContext(
    target,
    async (ctx) => (await ctx.services.catalog.listProducts({ page: '1', page_size: '1' })).total,
  );

/** How the audit log names the CLI (the services' and hooks' `SYSTEM_ACTOR`). */
export const CLI_AUDIT_ACTOR = {
  actor_type: 'system',
  actor_id: null,
  actor_label: 'cli',
  actor_credential: null,
  ip: null,
} as const;

/**
 * The audit entries of one thing (`target_id`) or one merchant, oldest first, as the console
 * reads them (before/after parsed), optionally of one action.
 */
export const auditEntriesOf = (
  target: CliTarget,
  of: { targetId?: string; merchantId?: string; action?: string },
) =>
  withTargetContext(target, async (ctx) => {
    let q = ctx.db.selectFrom('audit_log').selectAll();
    if (of.targetId !== undefined) q = q.where('target_id', '=', of.targetId);
    if (of.merchantId !== undefined) q = q.where('merchant_id', '=', of.merchantId);
    if (of.action !== undefined) q = q.where('action', '=', of.action as never);
    const rows = await q.orderBy('at').orderBy('id').execute();
    // Without id and at (random, a clock) and the name the list reads beside it: what the entry says.
    return rows.map((r) => {
      const e: Partial<ReturnType<typeof toAuditEvent>> = toAuditEvent({ ...r, merchant_name: null });
      delete e.id;
      delete e.at;
      delete e.merchant_name;
      return e as Omit<ReturnType<typeof toAuditEvent>, 'id' | 'at' | 'merchant_name'>;
    });
  });
