/**
 * The verifying receivers of docs/examples/webhooks/ (TypeScript, Python, Go, PHP, Java), each run
 * as its own process against REAL deliveries from a real server: it must print `verified <id>
 * <type>` for a signed event and refuse a forged one with 400. A missing toolchain skips here and
 * fails under CI=true. Each receiver is written from the spec, so this is also the independent
 * check of the server's signatures in four other languages.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { repoRoot } from './example-languages.ts';

const dir = join(repoRoot, 'docs/examples/webhooks');
const PYTHON = process.env.TRADEPOST_TEST_PYTHON ?? '/usr/bin/python3';
const runs = (cmd: string, args: string[]) => {
  try {
    execFileSync(cmd, args, { stdio: 'ignore', timeout: 30_000 });
    return true;
  } catch {
    return false;
  }
};

interface Receiver {
  name: string;
  cwd: string;
  cmd: string;
  args: (port: number) => string[];
  available: boolean;
  missing: string;
  timeout: number;
}

const receivers: Receiver[] = [
  {
    name: 'TypeScript',
    cwd: 'node',
    cmd: process.execPath,
    args: () => ['--import', 'tsx', 'receiver.ts'],
    available: true,
    missing: '',
    timeout: 60_000,
  },
  {
    name: 'Python',
    cwd: 'python',
    cmd: PYTHON,
    args: () => ['receiver.py'],
    available: runs(PYTHON, ['--version']),
    missing: PYTHON,
    timeout: 60_000,
  },
  {
    name: 'Go',
    cwd: 'go',
    cmd: 'go',
    args: () => ['run', 'main.go'],
    available: runs('go', ['version']),
    missing: 'the Go toolchain',
    timeout: 240_000,
  },
  {
    name: 'PHP',
    cwd: 'php',
    cmd: 'php',
    args: (port) => ['-S', `127.0.0.1:${port}`, 'receiver.php'],
    available: runs('php', ['--version']),
    missing: 'php',
    timeout: 60_000,
  },
  {
    name: 'Java',
    cwd: 'java',
    cmd: 'java',
    args: () => ['Receiver.java'],
    available: runs('java', ['-version']) && runs('javac', ['-version']),
    missing: 'a JDK 17+',
    timeout: 120_000,
  },
];

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

async function untilListening(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`receiver exited with ${child.exitCode}`);
    try {
      await fetch(`http://127.0.0.1:${port}/`, {
        method: 'POST',
        body: '{}',
        signal: AbortSignal.timeout(1000),
      });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new Error(`receiver not listening on ${port} after ${timeoutMs} ms`);
}

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ env: { TRADEPOST_WEBHOOK_ALLOW_PRIVATE: '1' }, webhooks: { pollMs: 50 } });
});
afterAll(() => server?.close());

describe.each(receivers)('docs/examples/webhooks: $name receiver', (r) => {
  const ci = process.env.CI === 'true';
  it.skipIf(!r.available && !ci)(
    'verifies a real delivery and refuses a forged one',
    async () => {
      if (!r.available)
        throw new Error(`${r.name} receiver needs ${r.missing} (CI=true: a missing toolchain fails)`);
      const port = await freePort();
      const m = await server.createMerchant();
      const { secret } = await server.services.webhooks.createEndpoint(m.merchantId, {
        url: `http://127.0.0.1:${port}/hooks`,
      });
      const child = spawn(r.cmd, r.args(port), {
        cwd: join(dir, r.cwd),
        env: { ...process.env, PORT: String(port), WEBHOOK_SECRET: secret },
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true, // its own process group: stopped whole below
      });
      let output = '';
      child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
      child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
      try {
        await untilListening(port, child, r.timeout);
        await expect.poll(() => output, { timeout: 5000 }).toContain('rejected'); // the unsigned probe
        await server.services.credit.adjust(m.merchantId, { amount: '1.00', type: 'limit_change' });
        const [event] = (await server.services.webhooks.listEvents(m.merchantId, {})).items;
        await expect
          .poll(() => output, { timeout: 20_000 })
          .toContain(`verified ${event!.id} credit.updated`);
        const detail = await server.services.webhooks.getEvent(m.merchantId, event!.id);
        await expect
          .poll(
            async () =>
              (await server.services.webhooks.getEvent(m.merchantId, event!.id)).deliveries[0]?.status,
            { timeout: 10_000 },
          )
          .toBe('succeeded');
        // The same body with a signature under another secret: 400.
        const forged = await fetch(`http://127.0.0.1:${port}/hooks`, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            'Tradepost-Signature': `t=${Math.floor(Date.now() / 1000)},v1=${'0'.repeat(64)}`,
          },
          body: JSON.stringify(detail.body),
        });
        expect(forged.status).toBe(400);
      } finally {
        // The group, not the launcher alone: `go run` and `npx` leave the receiver they started
        // listening otherwise, one more process after every run.
        process.kill(-child.pid!, 'SIGKILL');
      }
      const answers = () =>
        fetch(`http://127.0.0.1:${port}/`, { method: 'POST', body: '{}' }).then(
          () => true,
          () => false,
        );
      await expect.poll(answers, { timeout: 5000 }).toBe(false);
    },
    r.timeout + 60_000,
  );
});
