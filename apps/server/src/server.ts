import type { Config } from './config.ts';
import { buildApp, type BuildAppOptions } from './app.ts';
import { createContext, type Context } from './context.ts';
import { ensureDemoData, type DemoReport } from './demo.ts';

export interface RunningServer {
  readonly url: string;
  readonly ctx: Context;
  readonly demo: DemoReport | null;
  close(): Promise<void>;
}

/**
 * The process entry behind `npm start` / `tradepost serve`: opens the database (running
 * migrations), seeds demo data when configured, listens, and closes in order on SIGINT/SIGTERM
 * (stop accepting, finish in-flight requests, then close the database).
 */
export async function startServer(
  config: Config,
  opts: BuildAppOptions & { handleSignals?: boolean; quiet?: boolean } = {},
): Promise<RunningServer> {
  const ctx = await createContext(config);
  const app = await buildApp(ctx, opts);
  if (config.masterKeySource === 'generated') {
    app.log.warn(
      { file: `${config.dataDir}/master.key` },
      'generated a new master key (mode 0600): back it up, it decrypts every stored key',
    );
  }
  let demo: DemoReport | null = null;
  try {
    demo = await ensureDemoData(ctx);
    await app.listen({ port: config.port, host: config.host });
  } catch (err) {
    await app.close();
    await ctx.close();
    throw err;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      await app.close();
      await ctx.close();
    })());

  if (!opts.quiet) printBanner(url, config, demo);
  if (opts.handleSignals) {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => {
        app.log.info({ signal }, 'shutting down');
        close().then(
          () => process.exit(0),
          (err) => {
            app.log.error({ err }, 'error while shutting down');
            process.exit(1);
          },
        );
      });
    }
  }
  return { url, ctx, demo, close };
}

function printBanner(url: string, config: Config, demo: DemoReport | null): void {
  const lines = [
    '',
    `Tradepost is listening on ${url}`,
    `  B-End API base URL: ${url}/api/v1`,
    `  Database: ${config.databaseUrl ? 'PostgreSQL' : `SQLite in ${config.dataDir}`}`,
  ];
  if (config.masterKeySource === 'generated') {
    lines.push(`  Master key: generated into ${config.dataDir}/master.key (mode 0600). Back it up: it decrypts every stored key.`);
  }
  if (demo?.app) {
    lines.push(
      '',
      '  Demo data loaded:',
      `    Portal login:  ${demo.email} / ${demo.password}`,
      `    App ID:        ${demo.app.app_id}`,
      `    Secret Key:    ${demo.app.secret_key}`,
      `    Sign Key:      ${demo.app.sign_key}`,
      '    (the App keys are shown only this once; rotate them to get new ones)',
    );
  } else if (demo) {
    lines.push('', `  Demo merchant: ${demo.email} / ${demo.password} (App keys were shown when it was created)`);
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);
}
