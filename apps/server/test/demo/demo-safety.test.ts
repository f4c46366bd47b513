/**
 * Production safety of the demo data, with the real server on each database: nothing is seeded
 * unless asked (TRADEPOST_DEMO defaults to 0) nor on a non-loopback HOST, and `serve` refuses a
 * non-loopback HOST while a demo login still opens with its published password — until that
 * password is changed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import {
  DEMO_EMAIL,
  DEMO_OPERATOR_EMAIL,
  DEMO_OPERATOR_PASSWORD,
  DEMO_PASSWORD,
  isLoopbackHost,
  PublishedDemoPasswordError,
} from '../../src/demo.ts';
import { startServer } from '../../src/server.ts';
import { describeEachDatabase } from '../helpers/databases.ts';

describe('isLoopbackHost', () => {
  it('knows the addresses no other machine reaches', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1'])
      expect(isLoopbackHost(h), h).toBe(true);
    for (const h of ['0.0.0.0', '::', '10.0.0.5', '192.168.1.2', 'tradepost.example', '128.0.0.1'])
      expect(isLoopbackHost(h), h).toBe(false);
  });
});

describeEachDatabase('demo data safety', (database) => {
  let dataDir: string;
  let databaseUrl: string | undefined;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'tradepost-demo-'));
    databaseUrl = await database.url();
  });
  afterAll(async () => {
    rmSync(dataDir, { recursive: true, force: true });
    await database.dispose();
  });

  const start = (env: Record<string, string>) =>
    startServer(
      loadConfig({
        TRADEPOST_DATA_DIR: dataDir,
        PORT: '0',
        LOG_LEVEL: 'silent',
        ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
        ...env,
      }),
      { quiet: true, logger: false },
    );

  it('seeds nothing by default, even into an empty database', async () => {
    const server = await start({ HOST: '127.0.0.1' });
    try {
      expect(server.demo).toBeNull();
      expect(await server.ctx.services.merchants.findByEmail(DEMO_EMAIL)).toBeNull();
      expect((await server.ctx.services.catalog.listProducts({})).total).toBe(0);
    } finally {
      await server.close();
    }
  });

  it('refuses 0.0.0.0 while the published demo passwords open the demo logins; starts once they are changed', async () => {
    // Asked for on a reachable address: refused before anything is written (seeded first, its
    // App's keys were never shown: a refused start prints no banner).
    const asked = await start({ HOST: '0.0.0.0', TRADEPOST_DEMO: '1' }).catch((e: unknown) => e);
    expect(asked).toBeInstanceOf(PublishedDemoPasswordError);
    expect((asked as Error).message).toBe(
      "refusing to load the demo data on HOST=0.0.0.0: its logins' passwords are published in the README. " +
        'Load it listening on 127.0.0.1 (and change those passwords before listening elsewhere), or start without it (TRADEPOST_DEMO=0).',
    );
    const untouched = await start({ HOST: '127.0.0.1' });
    try {
      expect(await untouched.ctx.services.merchants.findByEmail(DEMO_EMAIL)).toBeNull();
      expect(await untouched.ctx.services.operators.findByEmail(DEMO_OPERATOR_EMAIL)).toBeNull();
      expect((await untouched.ctx.services.catalog.listProducts({})).total).toBe(0);
    } finally {
      await untouched.close();
    }
    // Loaded on loopback, its App's keys shown once; then a reachable address is refused, with the reason.
    const seeded = await start({ HOST: '127.0.0.1', TRADEPOST_DEMO: 'auto' });
    expect(seeded.demo).toMatchObject({ created: true, app: { app_id: expect.any(String) } });
    await seeded.close();
    const refused = await start({ HOST: '0.0.0.0', TRADEPOST_DEMO: '1' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(PublishedDemoPasswordError);
    expect((refused as Error).message).toBe(
      `refusing to listen on HOST=0.0.0.0: the demo merchant ${DEMO_EMAIL} and the demo operator ${DEMO_OPERATOR_EMAIL} ` +
        "still have the demo password published in the README. Change it (signed in, on the portal's or the console's Security page), " +
        'or listen on 127.0.0.1 for a local demo.',
    );
    // Without TRADEPOST_DEMO the leftover demo logins still count.
    expect(await start({ HOST: '::' }).catch((e: unknown) => e)).toBeInstanceOf(PublishedDemoPasswordError);

    // On loopback the demo is what it is for.
    const local = await start({ HOST: '127.0.0.1' });
    try {
      const merchant = await local.ctx.services.merchants.authenticate(DEMO_EMAIL, DEMO_PASSWORD);
      expect(merchant).not.toBeNull();
      await local.ctx.services.merchants.changePassword(
        merchant!.userId,
        DEMO_PASSWORD,
        'a private password of ours',
      );
      // One published login left: still refused, naming it.
      const one = await start({ HOST: '0.0.0.0' }).catch((e: unknown) => e);
      expect((one as Error).message).toMatch(
        /: the demo operator admin@tradepost\.local still has the demo password/,
      );
      const operator = await local.ctx.services.operators.authenticate(
        DEMO_OPERATOR_EMAIL,
        DEMO_OPERATOR_PASSWORD,
      );
      await local.ctx.services.operators.changePassword(
        operator!.operatorId,
        DEMO_OPERATOR_PASSWORD,
        'another private password',
      );
    } finally {
      await local.close();
    }
    const open = await start({ HOST: '0.0.0.0' });
    await open.close();
  });
});
