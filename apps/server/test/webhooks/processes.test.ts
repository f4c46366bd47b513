/**
 * Across real server processes (`tradepost serve` children): a process killed with SIGKILL in the
 * middle of a delivery loses nothing (its claim runs out and a restarted process delivers the same
 * event again), on both databases; and two processes on one PostgreSQL deliver 1,000 events, each
 * once, never two attempts of one event at the same time (FOR UPDATE SKIP LOCKED claims); SIGTERM
 * mid-delivery lets the delivery finish and record before the process exits.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { type Context, createContext } from '../../src/context.ts';
import { BIN, childEnv } from '../cli/cli-helpers.ts';
import { describeEachDatabase, eachDatabase, type TestDatabase } from '../helpers/databases.ts';
import { newMerchant } from '../helpers/factories.ts';
import { startReceiver, type Receiver } from './receiver.ts';

const SERVE_ENV = {
  PORT: '0',
  TRADEPOST_DEMO: '0',
  TRADEPOST_WEBHOOK_ALLOW_PRIVATE: '1',
  // A 1 s cut makes the claim (3 × the cut) run out after 3 s instead of 30.
  TRADEPOST_WEBHOOK_TIMEOUT_MS: '1000',
};

function serve(
  target: { dataDir: string; databaseUrl: string | undefined },
  stdout: 'ignore' | 'pipe' = 'ignore',
): ChildProcess {
  return spawn(process.execPath, [BIN, 'serve'], {
    env: childEnv(target, { ...SERVE_ENV, TRADEPOST_MASTER_KEY: 'ab'.repeat(32), LOG_LEVEL: 'info' }),
    stdio: ['ignore', stdout, 'ignore'],
  });
}
const stopped = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((r) => child.once('exit', r));

/**
 * One suite's world: a data dir and database the `serve` children share, an in-process context
 * onto the same data (to create merchants and read deliveries), a loopback receiver, and the
 * children to kill at the end.
 */
function useProcesses(database: TestDatabase, prefix: string) {
  const target = { dataDir: '', databaseUrl: undefined as string | undefined };
  const world = { ctx: undefined as unknown as Context, receiver: undefined as unknown as Receiver };
  const children: ChildProcess[] = [];
  beforeAll(async () => {
    target.dataDir = mkdtempSync(join(tmpdir(), prefix));
    target.databaseUrl = await database.url();
    world.ctx = await createContext(
      loadConfig(childEnv(target, { ...SERVE_ENV, TRADEPOST_MASTER_KEY: 'ab'.repeat(32) })),
    );
    world.receiver = await startReceiver();
  });
  afterAll(async () => {
    for (const c of children) c.kill('SIGKILL');
    await world.receiver?.close();
    await world.ctx?.close();
    await database.dispose();
    rmSync(target.dataDir, { recursive: true, force: true });
  });
  return { target, world, children };
}

describeEachDatabase('webhooks across processes', (database) => {
  const { target, world, children } = useProcesses(database, 'tradepost-procs-');

  it('SIGKILL mid-delivery: after a restart the same event is delivered again', async () => {
    const { ctx, receiver } = world;
    receiver.answer = (_r, n) => (n === 0 ? 'hang' : { status: 200 });
    const m = await newMerchant(ctx.services, '100.00');
    await ctx.services.webhooks.createEndpoint(m.merchantId, { url: receiver.url });
    const first = serve(target);
    children.push(first);
    await ctx.services.credit.adjust(m.merchantId, { amount: '1.00', type: 'limit_change' });
    const [hung] = await receiver.waitFor(1, { timeoutMs: 120_000 });
    first.kill('SIGKILL'); // mid-delivery: the receiver has the request and has not answered
    await stopped(first);
    const second = serve(target);
    children.push(second);
    const [, again] = await receiver.waitFor(2, { timeoutMs: 120_000 });
    expect(again!.headers['tradepost-event-id']).toBe(hung!.headers['tradepost-event-id']);
    expect(again!.raw.equals(hung!.raw)).toBe(true);
    await expect
      .poll(
        async () => (await ctx.services.webhooks.getEvent(m.merchantId, hung!.body.id)).deliveries[0]?.status,
        {
          timeout: 20_000,
        },
      )
      .toBe('succeeded');
    second.kill('SIGTERM');
    await stopped(second);
  }, 300_000);

  it('SIGTERM mid-delivery: the delivery finishes and is recorded before the process exits 0', async () => {
    const { ctx, receiver } = world;
    receiver.answer = () => ({ status: 200, delayMs: 600 });
    const m = await newMerchant(ctx.services, '100.00');
    await ctx.services.webhooks.createEndpoint(m.merchantId, { url: receiver.url });
    const child = serve(target, 'pipe');
    children.push(child);
    let log = '';
    child.stdout!.on('data', (c: Buffer) => (log += c.toString()));
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    const before = receiver.received.length;
    await ctx.services.credit.adjust(m.merchantId, { amount: '1.00', type: 'limit_change' });
    const [sent] = (await receiver.waitFor(before + 1, { timeoutMs: 120_000 })).slice(before);
    child.kill('SIGTERM'); // the receiver has the request and answers in 600 ms
    expect(await exited).toBe(0);
    // On SQLite nothing but the sender's (unref'd) thread was left to wait on: the process ended
    // when its event loop ran empty, before the answer, the record and its "stopped" line.
    expect(log).toContain('"msg":"stopped"');
    const event = await ctx.services.webhooks.getEvent(m.merchantId, sent!.body.id);
    expect(event.deliveries[0]?.status).toBe('succeeded');
    expect(receiver.received.filter((r) => r.body.id === sent!.body.id)).toHaveLength(1);
  }, 300_000);
});

const pg = eachDatabase().find((d) => d.name === 'postgres');
describe.skipIf(!pg)('two processes on one PostgreSQL', () => {
  const database = pg!;
  const { target, world, children } = useProcesses(database, 'tradepost-procs-pg-');

  it('deliver 1,000 events, each once, no event with two attempts in flight at once', async () => {
    const { ctx, receiver } = world;
    const inFlight = new Map<string, number>();
    let overlaps = 0;
    receiver.answer = (r) => {
      const id = r.body.id;
      const n = (inFlight.get(id) ?? 0) + 1;
      inFlight.set(id, n);
      if (n > 1) overlaps++;
      setTimeout(() => inFlight.set(id, (inFlight.get(id) ?? 1) - 1), 20);
      return { status: 200, delayMs: 20 };
    };
    const m = await newMerchant(ctx.services, '100.00');
    await ctx.services.webhooks.createEndpoint(m.merchantId, { url: receiver.url });
    for (let i = 0; i < 1000; i += 100) {
      await ctx.writer.run(async (trx) => {
        for (let j = i; j < i + 100; j++) {
          await ctx.services.outbox.emit(trx, m.merchantId, 'credit.updated', { n: j }, { force: true });
        }
      });
    }
    children.push(serve(target), serve(target));
    const got = await receiver.waitFor(1000, { timeoutMs: 240_000 });
    await new Promise((r) => setTimeout(r, 2000)); // anything sent twice would arrive by now
    const ids = receiver.received.map((r) => r.body.id);
    expect(new Set(ids).size).toBe(1000);
    expect(ids).toHaveLength(got.length);
    expect(receiver.received).toHaveLength(1000);
    expect(overlaps).toBe(0);
    // Every attempt in the log: earlier ones in webhook_attempts, each delivery's latest on its row.
    const earlier = await ctx.db
      .selectFrom('webhook_attempts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const latest = await ctx.db
      .selectFrom('webhook_deliveries')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('last_attempted_at', 'is not', null)
      .executeTakeFirstOrThrow();
    expect(Number(earlier.n) + Number(latest.n)).toBe(1000);
  }, 300_000);
});
