import type { Config } from './config.ts';
import { buildApp, type BuildAppOptions } from './app.ts';
import { createContext, type Context } from './context.ts';
import { ensureDemoData, type DemoReport } from './demo.ts';
import {
  createDeliveryWorker,
  type DeliveryWorker,
  type DeliveryWorkerOptions,
} from './modules/webhooks/webhooks.worker.ts';

/** Test and benchmark overrides of the delivery worker (retry timing, resolver, clock). */
export type WebhookWorkerOverrides = Partial<
  Omit<DeliveryWorkerOptions, 'db' | 'writer' | 'dialect' | 'box' | 'outbox' | 'allowPrivate'>
>;

export interface RunningServer {
  readonly url: string;
  readonly ctx: Context;
  readonly demo: DemoReport | null;
  /** The webhook delivery worker of this process; null when TRADEPOST_WEBHOOK_WORKER=0. */
  readonly webhookWorker: DeliveryWorker | null;
  close(): Promise<void>;
}

/**
 * The process entry behind `npm start` / `tradepost serve`: opens the database (running
 * migrations), seeds demo data when configured, listens, and closes in order on SIGINT/SIGTERM
 * (stop accepting, finish in-flight requests, then close the database).
 */
export async function startServer(
  config: Config,
  opts: BuildAppOptions & { handleSignals?: boolean; quiet?: boolean; webhooks?: WebhookWorkerOverrides } = {},
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
  const webhookWorker = config.webhookWorker
    ? createDeliveryWorker({
        db: ctx.db,
        writer: ctx.writer,
        dialect: ctx.dialect,
        box: ctx.services.box,
        outbox: ctx.services.outbox,
        allowPrivate: config.webhookAllowPrivate,
        timeoutMs: config.webhookTimeoutMs,
        // A delivery problem is the receiver's, logged per attempt; this is only the worker's own.
        onError: (err) => app.log.warn({ err }, 'webhook delivery worker'),
        ...opts.webhooks,
      })
    : null;
  webhookWorker?.start();
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      await app.close();
      // In-flight deliveries finish (each within its timeout) before the database closes.
      await webhookWorker?.stop();
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
  return { url, ctx, demo, webhookWorker, close };
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
      ...(demo.operator ? [`    Console login: ${demo.operator.email} / ${demo.operator.password}  (${url}/admin)`] : []),
      `    App ID:        ${demo.app.app_id}`,
      `    Secret Key:    ${demo.app.secret_key}`,
      `    Sign Key:      ${demo.app.sign_key}`,
      '    (the App keys are shown only this once; rotate them to get new ones)',
    );
  } else if (demo) {
    lines.push('', `  Demo merchant: ${demo.email} / ${demo.password} (App keys were shown when it was created)`);
    if (demo.operator) lines.push(`  Demo operator: ${demo.operator.email} / ${demo.operator.password} (${url}/admin)`);
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);
}
