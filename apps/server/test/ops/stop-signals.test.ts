/**
 * SIGINT/SIGTERM (ops/stop-signals.ts, server.ts): a signal that arrives while the event loop is
 * busy, as the process turns from starting to serving, still stops it; and what a repeated signal
 * does to a lone server's drain.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, childEnv } from '../cli/cli-helpers.ts';

const stopSignalsModule = fileURLToPath(new URL('../../src/ops/stop-signals.ts', import.meta.url));

describe('listenForStopSignals', () => {
  it('a signal caught while the loop is busy reaches the action set after it, in the same turn', async () => {
    // The signal is caught (libuv's handler runs at once) but dispatched only when the loop is
    // free, by then to the second action. Swapping process listeners instead drops it.
    const script = `
      const { listenForStopSignals } = await import(${JSON.stringify(stopSignalsModule)});
      const seen = [];
      const signals = listenForStopSignals((s) => seen.push('starting ' + s));
      process.kill(process.pid, 'SIGTERM');
      const until = Date.now() + 50;
      while (Date.now() < until);
      signals.set((s) => seen.push('serving ' + s));
      await new Promise((r) => setTimeout(r, 200));
      signals.remove();
      console.log(JSON.stringify(seen));`;
    const out = await new Promise<string>((resolve, reject) =>
      execFile(
        process.execPath,
        ['--import', 'tsx', '--input-type=module', '-e', script],
        { timeout: 30_000 },
        (err, stdout) => (err ? reject(err) : resolve(stdout)),
      ),
    );
    expect(JSON.parse(out.trim().split('\n').pop()!)).toEqual(['serving SIGTERM']);
  });
});

describe('a repeated signal during a lone server drain', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tradepost-signals-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /**
   * Starts `serve`, holds an idle keep-alive connection (the drain leaves it to its client for
   * seconds), sends `signals` 300 ms apart, and reports how the process ended and what it said.
   */
  async function stopWith(signals: NodeJS.Signals[]) {
    const child = spawn(process.execPath, [BIN, 'serve'], {
      env: childEnv(
        { dataDir: dir, databaseUrl: undefined },
        { PORT: '0', HOST: '127.0.0.1', TRADEPOST_DEMO: '0', LOG_LEVEL: 'info' },
      ),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('close', (code, signal) => resolve({ code, signal })),
    );
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', () => {
        const m = /listening on (http:\/\/\S+)/.exec(out);
        if (m) resolve(m[1]!);
      });
      void closed.then(() => reject(new Error(`serve exited early: ${out}`)));
    });
    const agent = new Agent({ keepAlive: true });
    await new Promise<void>((resolve, reject) =>
      request(`${url}/healthz`, { agent }, (res) => {
        res.resume();
        res.on('end', resolve);
      })
        .on('error', reject)
        .end(),
    );
    for (const signal of signals) {
      child.kill(signal);
      await new Promise((r) => setTimeout(r, 300));
    }
    const end = await closed;
    agent.destroy();
    return { ...end, out };
  }

  it('a second Ctrl-C stops it at once, exit 1, and says so', async () => {
    const r = await stopWith(['SIGINT', 'SIGINT']);
    expect(r, r.out).toMatchObject({ code: 1, signal: null });
    expect(r.out).toContain('a second SIGINT: stopping without finishing the drain');
    // The idle connection would have held the drain for seconds.
    expect(r.out).not.toMatch(/"msg":"stopped"/);
  });

  it('a repeated SIGTERM (a supervisor, a worker beside its primary) lets the drain finish: exit 0', async () => {
    const r = await stopWith(['SIGTERM', 'SIGTERM', 'SIGINT']);
    expect(r, r.out).toMatchObject({ code: 0, signal: null });
    expect(r.out).toMatch(/"drained":true,"ms":\d+,"msg":"stopped"/);
    expect(r.out.match(/"msg":"shutting down"/g)).toHaveLength(1);
  });
});

it('a --workers primary whose start hangs (a database that accepts and never answers) keeps a signal for TRADEPOST_SHUTDOWN_MS, or until a second one: exit 1', async () => {
  const sockets: Socket[] = [];
  const silent = createServer((socket) => void sockets.push(socket));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const { port } = silent.address() as AddressInfo;
  const dir = mkdtempSync(join(tmpdir(), 'tradepost-signals-hang-'));
  try {
    for (const signals of [['SIGTERM'], ['SIGTERM', 'SIGTERM']] as const) {
      const connected = new Promise<void>((resolve) => silent.once('connection', () => resolve()));
      const child = spawn(process.execPath, [BIN, 'serve', '--workers', '2'], {
        env: childEnv(
          { dataDir: dir, databaseUrl: `postgres://nobody@127.0.0.1:${port}/none` },
          { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', TRADEPOST_SHUTDOWN_MS: '1500' },
        ),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      const closed = new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
        child.on('close', (code, signal) => resolve([code, signal])),
      );
      let exited = false;
      void closed.then(() => (exited = true));
      await connected;
      child.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 300));
      expect(exited, 'the first signal is kept').toBe(false);
      if (signals.length > 1) child.kill('SIGTERM');
      expect(await closed, out).toEqual([1, null]);
      const timedOut = /SIGTERM while starting: the start did not finish in time; exiting/;
      if (signals.length > 1) expect(out).not.toMatch(timedOut);
      else expect(out).toMatch(timedOut);
    }
  } finally {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  }
});
