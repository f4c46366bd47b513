/**
 * End to end: `webhook create|list|disable|enable|delete` through the real bin/tradepost.js, on both
 * databases: the exact --json shapes ({"id","secret"} is a contract), exit codes, and what the
 * database holds (the secret sealed, never in clear).
 */
import { sql } from 'kysely';
import { isWebhookSecret } from '@tradepost/protocol';
import { expect, it, vi } from 'vitest';
import { describeEachDatabase } from '../helpers/databases.ts';
import { argv, runCli, useCliTarget, withTargetContext } from './cli-helpers.ts';

/** What a refused local receiver is told, so the user learns how to allow one. */
const HINT = '; set TRADEPOST_WEBHOOK_ALLOW_PRIVATE=1 on the server and the CLI for local receivers';

let seq = 0;
type JsonError = { error: { code: string; message: string } };

// Every CLI run is a whole process start; on a loaded 2-core machine a few take a while.
vi.setConfig({ testTimeout: 180_000 });

describeEachDatabase('tradepost webhook CLI', (database) => {
  const { target } = useCliTarget(database);
  const merchant = async () => {
    const email = `hooks-${process.pid}-${++seq}@example.com`;
    const run = await runCli(
      target,
      argv`merchant create --email ${email} --password correct-horse --name Acme --credit-limit 100 --json`,
    );
    expect(run.code, run.stderr).toBe(0);
    return { email, merchantId: run.json().merchant_id as string };
  };

  it('create prints exactly {id, secret}; list shows it without the secret; disable/enable by id', async () => {
    const m = await merchant();
    const created = await runCli(
      target,
      argv`webhook create --email ${m.email} --url https://hooks.example.com/tradepost --events order.shipped,credit.updated --json`,
    );
    expect(created.code, created.stderr).toBe(0);
    const { id, secret, ...rest } = created.json() as { id: string; secret: string };
    expect(rest).toEqual({});
    expect(id).toMatch(/^we_/);
    expect(isWebhookSecret(secret)).toBe(true);

    const listed = await runCli(target, argv`webhook list --email ${m.email} --json`);
    expect(listed.code).toBe(0);
    expect(listed.stdout).not.toContain(secret);
    const { endpoints } = listed.json() as { endpoints: Array<Record<string, unknown>> };
    expect(endpoints).toEqual([
      expect.objectContaining({
        id,
        url: 'https://hooks.example.com/tradepost',
        events: ['order.shipped', 'credit.updated'],
        status: 'enabled',
      }),
    ]);

    const disabled = await runCli(target, argv`webhook disable --id ${id} --json`);
    expect(disabled.code).toBe(0);
    expect(disabled.json()).toMatchObject({
      endpoint: { id, status: 'disabled', disabled_reason: 'merchant' },
    });
    // A credit change while it is disabled: kept for it, sent once asked, once.
    await withTargetContext(target, (ctx) => ctx.services.credit.setStatus(m.merchantId, 'frozen'));
    const early = await runCli(target, argv`webhook send-missed --id ${id} --json`);
    // Understood but refused by the endpoint's state: exit 1 (conflict), not 2 (a wrong command line).
    expect([early.code, early.json()]).toEqual([
      1,
      {
        error: { code: 'conflict', message: expect.stringContaining(`tradepost webhook enable --id ${id}`) },
      },
    ]);
    const enabled = await runCli(target, argv`webhook enable --id ${id}`);
    expect(enabled.stdout).toContain(`webhook send-missed --id ${id}`);
    const sent = await runCli(target, argv`webhook send-missed --id ${id} --json`);
    expect([sent.code, sent.json()]).toEqual([0, { queued: 1, more: false }]);
    const again = await runCli(target, argv`webhook send-missed --id ${id}`);
    expect(again.stdout.trim()).toBe(`Endpoint ${id} missed nothing.`);
    const unknownMissed = await runCli(target, argv`webhook send-missed --id we_NOPE --json`);
    expect(unknownMissed.code).not.toBe(0);
    expect(unknownMissed.stderr).toContain('no webhook endpoint we_NOPE');

    await withTargetContext(target, async (ctx) => {
      const row = await ctx.db
        .selectFrom('webhook_endpoints')
        .selectAll()
        .where('endpoint_id', '=', id)
        .executeTakeFirstOrThrow();
      expect(JSON.stringify(row)).not.toContain(secret.slice(6));
      expect(row.secret_sealed).toMatch(/^v1\./);
      // Each change is one audit row, the CLI's, without the secret.
      const audit = await ctx.db
        .selectFrom('audit_log')
        .selectAll()
        .where('merchant_id', '=', m.merchantId)
        .where(sql.ref('action'), 'like', 'webhook.%')
        .orderBy('at')
        .orderBy('id')
        .execute();
      expect(audit.map((a) => [a.action, a.actor_type, a.actor_label, a.target_id])).toEqual([
        ['webhook.created', 'system', 'cli', id],
        ['webhook.disabled', 'system', 'cli', id],
        ['webhook.enabled', 'system', 'cli', id],
      ]);
      expect(JSON.stringify(audit)).not.toContain(secret.slice(6));
    });
  });

  it('delete by id prints {id, deleted}; list leaves it out; a second delete is not_found; audited once', async () => {
    const m = await merchant();
    const created = await runCli(
      target,
      argv`webhook create --email ${m.email} --url https://hooks.example.com/gone --json`,
    );
    const { id } = created.json() as { id: string };
    const deleted = await runCli(target, argv`webhook delete --id ${id} --json`);
    expect([deleted.code, deleted.json()]).toEqual([0, { id, deleted: true }]);
    const listed = (await runCli(target, argv`webhook list --email ${m.email} --json`)).json() as {
      endpoints: unknown[];
    };
    expect(listed.endpoints).toEqual([]);
    const again = await runCli(target, argv`webhook delete --id ${id} --json`);
    expect([again.code, (again.json() as JsonError).error.code]).toEqual([1, 'not_found']);
    await withTargetContext(target, async (ctx) => {
      const audit = await ctx.db
        .selectFrom('audit_log')
        .select(['action', 'actor_type'])
        .where('target_id', '=', id)
        .orderBy('at')
        .orderBy('id')
        .execute();
      expect(audit.map((a) => [a.action, a.actor_type])).toEqual([
        ['webhook.created', 'system'],
        ['webhook.deleted', 'system'],
      ]);
    });
  });

  it('without --events the endpoint gets every type; an unknown type is an argument error', async () => {
    const m = await merchant();
    const run = await runCli(
      target,
      argv`webhook create --email ${m.email} --url https://hooks.example.com/all --json`,
    );
    expect(run.code, run.stderr).toBe(0);
    const listed = (await runCli(target, argv`webhook list --email ${m.email} --json`)).json() as {
      endpoints: Array<{ events: string[] }>;
    };
    expect(listed.endpoints[0]!.events).toEqual(['*']);
    const badEvents = await runCli(
      target,
      argv`webhook create --email ${m.email} --url https://a.example.com --events order.lost --json`,
    );
    expect(badEvents.code).toBe(2);
    expect((badEvents.json() as JsonError).error.code).toBe('invalid_argument');
  });

  it('refuses what it cannot register, changing nothing: exit 2 for bad input, 1 for unknown ids', async () => {
    const m = await merchant();
    for (const [args, message] of [
      [
        argv`webhook create --email ${m.email} --url http://hooks.example.com/x --json`,
        `url: must start with https://${HINT}`,
      ],
      [
        argv`webhook create --email ${m.email} --url https://[::1]/x --json`,
        `url: must not point at a private or loopback address${HINT}`,
      ],
    ] as const) {
      const run = await runCli(target, args);
      expect(run.code, run.stdout).toBe(2);
      expect((run.json() as JsonError).error).toEqual({ code: 'invalid_argument', message });
    }
    const unknown = await runCli(target, argv`webhook disable --id we_NOPE --json`);
    expect(unknown.code).toBe(1);
    expect((unknown.json() as JsonError).error.code).toBe('not_found');
    const listed = (await runCli(target, argv`webhook list --email ${m.email} --json`)).json() as {
      endpoints: unknown[];
    };
    expect(listed.endpoints).toEqual([]);
    await withTargetContext(target, async (ctx) => {
      const audit = await ctx.db
        .selectFrom('audit_log')
        .select('action')
        .where(sql.ref('action'), 'like', 'webhook.%')
        .where((eb) => eb.or([eb('merchant_id', '=', m.merchantId), eb('target_id', '=', 'we_NOPE')]))
        .execute();
      expect(audit).toEqual([]);
    });
  });

  it('TRADEPOST_WEBHOOK_ALLOW_PRIVATE=1 lets a loopback http:// receiver register (tests, development); ftp:// is refused without the hint', async () => {
    const m = await merchant();
    const run = await runCli(
      target,
      argv`webhook create --email ${m.email} --url http://127.0.0.1:9/hooks --json`,
      {
        env: { TRADEPOST_WEBHOOK_ALLOW_PRIVATE: '1' },
      },
    );
    expect(run.code, run.stderr).toBe(0);
    // Another scheme is still refused, without advising the setting that is already made.
    const ftp = await runCli(
      target,
      argv`webhook create --email ${m.email} --url ftp://127.0.0.1/hooks --json`,
      {
        env: { TRADEPOST_WEBHOOK_ALLOW_PRIVATE: '1' },
      },
    );
    expect(ftp.code, ftp.stdout).toBe(2);
    expect((ftp.json() as JsonError).error).toEqual({
      code: 'invalid_argument',
      message: 'url: must start with https:// or http://',
    });
  });
});
