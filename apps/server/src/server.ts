import { httpUrl, type Config } from './config.ts';
import { buildApp, type BuildAppOptions } from './app.ts';
import { createContext, type Context } from './context.ts';
import { assertNoPublishedDemoLogin, ensureDemoData, type DemoReport } from './demo.ts';
import {
  createDeliveryWorker,
  type DeliveryWorker,
  type DeliveryWorkerOptions,
} from './modules/webhooks/webhooks.worker.ts';

/** Test and benchmark overrides of the delivery worker (retry timing, resolver, clock). */
export type WebhookWorkerOverrides = Partial<
  Omit<DeliveryWorkerOptions, 'db' | 'writer' | 'dialect' | 'box' | 'outbox' | 'allowPrivate'>
>;
import { workerSlot } from './ops/cluster.ts';
import { idleCloseMs, trackConnections } from './ops/drain.ts';
import type { Readiness } from './ops/health.ts';
import { loadMetrics } from './ops/metrics.ts';
import { startMetricsServer } from './ops/metrics-http.ts';
import { listenForStopSignals, type StopSignal } from './ops/stop-signals.ts';

export interface RunningServer {
  readonly url: string;
  readonly ctx: Context;
  readonly demo: DemoReport | null;
  /** The webhook delivery worker of this process; null when TRADEPOST_WEBHOOK_WORKER=0. */
  readonly webhookWorker: DeliveryWorker | null;
  /** METRICS_PORT's listener, when configured. */
  readonly metricsUrl: string | null;
  /**
   * Graceful stop: refuse new connections, serve what is in flight (answering Connection: close),
   * let the writer finish its queued units, close the database. Resolves true when all of that
   * finished within TRADEPOST_SHUTDOWN_MS, false when connections had to be cut at the deadline.
   */
  close(): Promise<boolean>;
}

/** A logger as pino and Fastify's `app.log` both are. */
export interface StartupLog {
  info(fields: object, msg: string): void;
  warn(fields: object, msg: string): void;
}

/**
 * What a deployment says once as it starts (a lone server, or the `serve --workers` primary): the
 * migrations it applied, a master key it just generated, and that webhooks may go to private
 * addresses.
 */
export function logStartup(log: StartupLog, ctx: Context, config: Config): void {
  if (ctx.migrated.length > 0)
    log.info({ migrations: ctx.migrated }, `applied ${ctx.migrated.length} database migration(s)`);
  if (config.masterKeySource === 'generated') {
    log.warn(
      { file: `${config.dataDir}/master.key` },
      'generated a new master key (mode 0600): back it up, it decrypts every stored key',
    );
  }
  if (config.webhookAllowPrivate) {
    log.warn(
      {},
      'TRADEPOST_WEBHOOK_ALLOW_PRIVATE=1: webhooks may be sent to loopback, private and link-local addresses; for tests and local development only, never in production',
    );
  }
}

/**
 * The process entry behind `npm start` / `tradepost serve`: opens the database (running
 * migrations), seeds demo data when configured, listens, and closes in order on SIGINT/SIGTERM
 * (/readyz turns 503, stop accepting, finish in-flight requests, let the writer commit what it
 * has queued, close the database), exiting 0 — or 1 if TRADEPOST_SHUTDOWN_MS ran out first.
 */
export async function startServer(
  config: Config,
  opts: BuildAppOptions & {
    handleSignals?: boolean;
    quiet?: boolean;
    webhooks?: WebhookWorkerOverrides;
    /**
     * Other server processes serve the same database (context.ts). Default: whether this is a
     * `serve --workers` worker (ops/cluster.ts).
     */
    otherProcesses?: boolean;
  } = {},
): Promise<RunningServer> {
  // Before the context: its writer records from its first commit (buildApp would load it too late).
  await loadMetrics();
  const ctx = await createContext(config, {
    otherProcesses: opts.otherProcesses ?? workerSlot() !== undefined,
  });
  const readiness: Readiness = { draining: false };
  const app = await buildApp(ctx, { ...opts, readiness });
  const connections = trackConnections(app.server);
  // During the drain every answer tells its client to open a new connection (refused: go elsewhere).
  // Callback hooks, not async ones: no promise per request for a header.
  app.addHook('onRequest', (_req, reply, done) => {
    if (connections.draining) reply.header('connection', 'close');
    done();
  });
  // A signal while starting is kept until the drain below is in place, then acted on: a
  // `--workers` primary that stops as soon as its workers listen may signal a worker before its
  // `listen` has returned, and a worker killed by the signal itself counted as a failed stop.
  // A second one stops a lone server's start at once (it may hang); a worker's primary bounds its
  // stop, and a terminal's Ctrl-C reaches a worker beside its primary's SIGTERM.
  let early: StopSignal | null = null;
  const signals = opts.handleSignals
    ? listenForStopSignals((signal) => {
        if (early && workerSlot() === undefined) process.exit(1);
        early ??= signal;
      })
    : null;
  // A `--workers` worker's are its primary's to say (cli/commands/serve.ts), once.
  if (workerSlot() === undefined) logStartup(app.log, ctx, config);
  let demo: DemoReport | null = null;
  let metrics: Awaited<ReturnType<typeof startMetricsServer>> | null = null;
  try {
    demo = await ensureDemoData(ctx);
    await assertNoPublishedDemoLogin(ctx);
    if (config.metricsPort !== undefined) {
      metrics = await startMetricsServer({
        host: config.metricsHost,
        port: config.metricsPort,
        token: config.metricsToken,
      });
    }
    await app.listen({ port: config.port, host: config.host });
  } catch (err) {
    signals?.remove();
    await metrics?.close();
    await app.close();
    await ctx.close();
    throw err;
  }
  const webhookWorker = config.webhookWorker
    ? createDeliveryWorker({
        db: ctx.backgroundDb,
        writer: ctx.writer,
        dialect: ctx.dialect,
        box: ctx.services.box,
        outbox: ctx.services.outbox,
        allowPrivate: config.webhookAllowPrivate,
        timeoutMs: config.webhookTimeoutMs,
        // A delivery problem is the receiver's, logged per attempt; this is only the worker's own.
        onError: (err) => app.log.warn({ err }, 'webhook delivery worker'),
        // The endpoint id and the rule's words only: never the URL (its path or query may hold a token).
        onBlocked: (endpointId, reason) =>
          app.log.warn(
            { endpointId, reason },
            'webhook delivery refused by the address rule (TRADEPOST_WEBHOOK_ALLOW_PRIVATE=1 on the server allows local receivers)',
          ),
        ...opts.webhooks,
      })
    : null;
  webhookWorker?.start();
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = httpUrl(config.host, port);

  let closing: Promise<boolean> | null = null;
  const close = () =>
    (closing ??= (async () => {
      readiness.draining = true;
      const started = performance.now();
      // In-flight deliveries finish (each within its timeout) while the requests drain, in parallel,
      // so the two waits do not add up; both end before the database closes.
      const workerStopped = webhookWorker?.stop();
      // An idle keep-alive connection is left to its client as long as Node would leave it: closed
      // sooner, the close can cross a request the client is sending over it, which then meets a
      // reset (a 1 s grace did, in a CI run: 6 ECONNRESET of a rolling restart under load; closing
      // at the advertised 5 s rather than Node's 6 s is the likeliest cause of one more, later).
      // At least 4 s of the deadline stay for requests in flight, the writer and the database.
      const drained = await connections.drain({
        deadlineMs: config.shutdownMs,
        idleGraceMs: Math.min(
          idleCloseMs(app.server),
          Math.max(config.shutdownMs - 4_000, config.shutdownMs / 2),
        ),
      });
      await app.close();
      await workerStopped;
      // The writer settles every unit already queued before the database closes.
      await ctx.close();
      await metrics?.close();
      app.log.info({ drained, ms: Math.round(performance.now() - started) }, 'stopped');
      return drained;
    })());

  const noOperator = !opts.quiet && (await hasNoOperator(ctx));
  if (signals) {
    let stopping: StopSignal | null = null;
    const shutDown = (signal: StopSignal) => {
      if (stopping) {
        // Ctrl-C pressed again stops a lone server at once. Otherwise the drain goes on, bounded
        // by the timer below: a supervisor's repeated SIGTERM, a worker's SIGINT and SIGTERM.
        if (signal === 'SIGINT' && stopping === 'SIGINT' && workerSlot() === undefined) {
          app.log.warn({ signal }, 'a second SIGINT: stopping without finishing the drain');
          process.exit(1);
        }
        return;
      }
      stopping = signal;
      app.log.info({ signal }, 'shutting down');
      // A last resort: whatever hangs (a stuck database call), the process ends in bounded time.
      // Not unref'd: it also keeps the process up while close() waits on work that holds no handle
      // of its own (on SQLite, an in-flight webhook answer from the sender's unref'd thread); else
      // the event loop ran empty and the process ended mid-drain, exit 0, nothing recorded.
      setTimeout(() => {
        app.log.error({ shutdownMs: config.shutdownMs }, 'shutdown did not finish in time; exiting');
        process.exit(1);
      }, config.shutdownMs + 5000);
      close().then(
        (drained) => {
          if (!drained)
            app.log.error(
              { shutdownMs: config.shutdownMs },
              'requests were cut off at the shutdown deadline',
            );
          process.exit(drained ? 0 : 1);
        },
        (err) => {
          app.log.error({ err }, 'error while shutting down');
          process.exit(1);
        },
      );
    };
    signals.set(shutDown);
    if (early) shutDown(early);
  }
  // After the handlers: a supervisor that signals as soon as it reads "listening" meets them.
  if (!opts.quiet) printBanner(url, config, demo, noOperator);
  return { url, ctx, demo, webhookWorker, metricsUrl: metrics?.url ?? null, close };
}

const rotateCommand = (email: string, appId: string) =>
  `npx tradepost app rotate --email ${email} --app-id ${appId}`;

/** What `serve` prints once listening (`serve --workers`: the primary, once for all). */
/** A new install: nobody can sign in to the console until the CLI creates an operator. */
export const hasNoOperator = async (ctx: Pick<Context, 'db'>): Promise<boolean> =>
  (await ctx.db.selectFrom('operators').select('operator_id').limit(1).executeTakeFirst()) === undefined;

export function printBanner(url: string, config: Config, demo: DemoReport | null, noOperator = false): void {
  const lines = [
    '',
    `Tradepost is listening on ${url}`,
    `  B-End API base URL: ${url}/api/v1`,
    `  Database: ${config.databaseUrl ? 'PostgreSQL' : `SQLite in ${config.dataDir}`}`,
  ];
  if (config.masterKeySource === 'generated') {
    lines.push(
      `  Master key: generated into ${config.dataDir}/master.key (mode 0600). Back it up: it decrypts every stored key.`,
    );
  }
  if (demo?.app) {
    lines.push(
      '',
      '  Demo data loaded:',
      `    Portal login:  ${demo.email} / ${demo.password}  (${url}/)`,
      ...(demo.operator
        ? [`    Console login: ${demo.operator.email} / ${demo.operator.password}  (${url}/admin)`]
        : []),
      `    App ID:        ${demo.app.app_id}`,
      `    Secret Key:    ${demo.app.secret_key}`,
      `    Sign Key:      ${demo.app.sign_key}`,
      '    (the App keys are shown only this once; for new ones:',
      `     ${rotateCommand(demo.email, demo.app.app_id)})`,
    );
  } else if (demo) {
    lines.push('', `  Demo merchant: ${demo.email} / ${demo.password}  (${url}/)`);
    lines.push(
      demo.appId
        ? `    Its App's keys were shown at the first start only; for new ones: ${rotateCommand(demo.email, demo.appId)}`
        : `    It has no App: npx tradepost app create --email ${demo.email} --name "Demo App"`,
    );
    if (demo.operator)
      lines.push(`  Demo operator: ${demo.operator.email} / ${demo.operator.password} (${url}/admin)`);
  }
  // Someone trying the demo tries webhooks on their own machine first; the rule refuses that by design.
  if (demo && !config.webhookAllowPrivate)
    lines.push(
      '',
      '  Webhooks go to public https:// addresses only. To try a receiver on this machine',
      '  (http://127.0.0.1:…), start with TRADEPOST_WEBHOOK_ALLOW_PRIVATE=1 (testing only).',
    );
  if (noOperator)
    lines.push(
      '',
      '  No operator yet: create the first, who signs in to the console at /admin:',
      '    npx tradepost operator create --email <you@example.com>   (an admin; it asks for a password, or set TRADEPOST_PASSWORD)',
    );
  process.stdout.write(`${lines.join('\n')}\n\n`);
}
