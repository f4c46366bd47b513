import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { CliError } from '../errors.ts';
import type { CommandEnv } from '../program.ts';
import type { LedgerReport } from '../../ops/ledger-check.ts';

/** The failure every ledger check (verify, restore) reports: the first broken invariant. */
export function ledgerError(report: LedgerReport, prefix = 'ledger check failed'): CliError {
  const p = report.problem!;
  return new CliError('ledger_broken', `${prefix}: [${p.invariant}] ${p.message}`, undefined, {
    invariant: p.invariant,
    merchant_id: p.merchantId,
    ...(p.seq !== undefined ? { seq: p.seq } : {}),
    ...(p.orderNo ? { order_no: p.orderNo } : {}),
  });
}

export const ledgerSummary = (r: LedgerReport) =>
  `${r.accounts} credit accounts, ${r.entries} ledger entries, ${r.orders} orders`;

export function registerVerifyCommand(verify: Command, env: CommandEnv): void {
  env.leaf(verify).action(async (_opts: unknown, cmd: Command) => {
    const out = env.output(cmd);
    const { openDatabase, SQLITE_FILE } = await import('../../db/dialect.ts');
    const { loadConfig } = await import('../../config.ts');
    const { checkLedger } = await import('../../ops/ledger-check.ts');
    const { refuseWrongMasterKey } = await import('../../context.ts');
    // Never a fresh key (nor, so, a fresh data dir): verify reads what a server wrote.
    const config = loadConfig(env.io.env, { generateMasterKey: false });
    const nothing = () =>
      new CliError(
        'not_found',
        `no Tradepost database at ${config.databaseUrl ? 'DATABASE_URL' : config.dataDir}: ` +
          "run verify with the server's TRADEPOST_DATA_DIR or DATABASE_URL",
      );
    if (!config.databaseUrl && !existsSync(join(config.dataDir, SQLITE_FILE))) throw nothing();
    const opened = await openDatabase({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      migrate: false,
    });
    let report: LedgerReport;
    try {
      const tables = await opened.db.introspection.getTables();
      if (!tables.some((t) => t.name === 'credit_accounts')) throw nothing();
      // A ledger that verifies under a key the next start refuses is no drill passed.
      await refuseWrongMasterKey(config, opened.db);
      report = await checkLedger(opened.db);
    } finally {
      await opened.close();
    }
    if (!report.ok) throw ledgerError(report);
    out.result(
      { ok: true, accounts: report.accounts, entries: report.entries, orders: report.orders },
      `Ledger verified: ${ledgerSummary(report)}; every invariant holds.`,
    );
  });
}
