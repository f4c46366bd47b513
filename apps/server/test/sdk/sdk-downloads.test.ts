/**
 * The SDK from the server (doors/sdk-downloads.ts), as a merchant's developer gets it: both
 * tarballs downloaded over real HTTP, installed by npm into an empty project with no registry
 * (`--offline`: each finds the other), then imported by Node to verify webhooks.md's known-answer
 * vector. An unknown file is a 404.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

let server: TestServer;
const project = mkdtempSync(join(tmpdir(), 'tradepost-sdk-install-'));

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
  rmSync(project, { recursive: true, force: true });
});

// webhooks.md "Known-answer vectors".
const BODY =
  '{"id":"evt_9f2c4a7e1b3d5f60","type":"order.shipped","created_at":"2026-11-30T00:53:20Z","data":{"object":{"order_no":"ORD9F2C4A7E1B3D","status":"shipped","tracking_no":"YT2233445566","carrier":"YunExpress"}}}';
const HEADER = 't=1796000000,v1=c21b5a9cbb6bfc479c9a6b4e14275352d3a5d4ba072e36c1748fa131c05a7bf9';
const SECRET = 'whsec_Tq3nV8xLr2Kp7Wd9Yb4Hc6Mf1Zs5Ja0E';

it('both tarballs install with npm and no registry, and the SDK they make verifies a signed webhook', async () => {
  const files: string[] = [];
  for (const name of ['tradepost-protocol.tgz', 'tradepost-sdk.tgz']) {
    const res = await fetch(`${server.url}/sdk/${name}`);
    expect([res.status, res.headers.get('content-type')]).toEqual([200, 'application/gzip']);
    writeFileSync(join(project, name), Buffer.from(await res.arrayBuffer()));
    files.push(`./${name}`);
  }
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'merchant-app', private: true }));
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', ...files], {
    cwd: project,
    stdio: 'pipe',
    timeout: 120_000,
  });
  const script = `
    import { webhooks } from '@tradepost/sdk';
    const event = webhooks.verify(${JSON.stringify(BODY)}, ${JSON.stringify(HEADER)}, ${JSON.stringify(SECRET)}, { now: 1796000000 });
    console.log(event.type, event.data.object.tracking_no);`;
  writeFileSync(join(project, 'check.mjs'), script);
  // As a developer's Node runs it: without the test run's condition for this repository's sources.
  const env = { ...process.env, NODE_OPTIONS: '' };
  const out = execFileSync(process.execPath, ['check.mjs'], { cwd: project, encoding: 'utf8', env });
  expect(out.trim()).toBe('order.shipped YT2233445566');
}, 180_000);

it('anything else under /sdk is a 404', async () => {
  for (const name of ['tradepost-web.tgz', '..%2Fpackage.json', 'constructor', '__proto__']) {
    const res = await fetch(`${server.url}/sdk/${name}`);
    expect([name, res.status]).toEqual([name, 404]);
  }
});
