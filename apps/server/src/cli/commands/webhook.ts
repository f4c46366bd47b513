import { isWebhookEventType, WEBHOOK_EVENT_TYPES } from '@tradepost/protocol';
import { type Command, InvalidArgumentError } from 'commander';
import { parseEmail, parseNonEmpty } from '../args.ts';
import { merchantByEmail, withContext } from '../context.ts';
import { CliError } from '../errors.ts';
import type { CommandEnv } from '../program.ts';
import { isEndpointDisabled, isWebhookNotFound } from '../../modules/webhooks/webhooks.lookup.ts';

function parseEvents(value: string): string[] {
  const events = value
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  const bad = events.filter((e) => e !== '*' && !isWebhookEventType(e));
  if (events.length === 0 || bad.length > 0) {
    throw new InvalidArgumentError(
      `unknown event type ${bad.join(', ') || '(none)'}; one of ${WEBHOOK_EVENT_TYPES.join(', ')} or *`,
    );
  }
  return events;
}

/** Work on one endpoint by id: an unknown (or deleted) one is the CLI's not_found. */
async function onEndpoint<T>(id: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (isWebhookNotFound(err)) throw new CliError('not_found', `no webhook endpoint ${id}`);
    if (isEndpointDisabled(err))
      throw new CliError(
        'conflict',
        `endpoint ${id} is disabled: enable it first (tradepost webhook enable --id ${id})`,
      );
    throw err;
  }
}

export function registerWebhookCommands(webhook: Command, env: CommandEnv): void {
  env
    .leaf(webhook.command('create'))
    .description('register a webhook endpoint for a merchant; prints its signing secret once')
    .requiredOption('--email <email>', "the merchant's login email", parseEmail)
    .requiredOption('--url <url>', 'the https:// URL that receives the events', parseNonEmpty)
    .option(
      '--events <types>',
      `comma-separated event types (default: all): ${WEBHOOK_EVENT_TYPES.join(',')}`,
      parseEvents,
    )
    .action(async (opts: { email: string; url: string; events?: string[] }, cmd: Command) => {
      const out = env.output(cmd);
      const created = await withContext(env.io, async (ctx) => {
        const merchant = await merchantByEmail(ctx, opts.email);
        return ctx.services.webhooks.createEndpoint(merchant.merchantId, {
          url: opts.url,
          ...(opts.events ? { events: opts.events } : {}),
        });
      });
      out.result(
        { id: created.endpoint.id, secret: created.secret },
        [
          `Endpoint: ${created.endpoint.id} → ${created.endpoint.url} (${created.endpoint.events.join(', ')})`,
          `Secret:   ${created.secret}`,
          'Store the secret now: it is never shown again. Verify each delivery with it (docs/api/webhooks.md).',
        ].join('\n'),
      );
    });

  env
    .leaf(webhook.command('list'))
    .description("list a merchant's webhook endpoints (never their secrets)")
    .requiredOption('--email <email>', "the merchant's login email", parseEmail)
    .action(async (opts: { email: string }, cmd: Command) => {
      const out = env.output(cmd);
      const endpoints = await withContext(env.io, async (ctx) => {
        const merchant = await merchantByEmail(ctx, opts.email);
        return ctx.services.webhooks.listEndpoints(merchant.merchantId);
      });
      const lines = endpoints.map(
        (e) =>
          `${e.id}  ${e.status.padEnd(8)}${e.disabled_reason ? ` (${e.disabled_reason})` : ''}  ${e.url}  ${e.events.join(',')}` +
          (e.failing_since ? `  failing since ${e.failing_since}` : ''),
      );
      out.result({ endpoints }, lines.length ? lines.join('\n') : 'No webhook endpoints.');
    });

  for (const [verb, enabled] of [
    ['disable', false],
    ['enable', true],
  ] as const) {
    env
      .leaf(webhook.command(verb))
      .description(`${verb} a webhook endpoint by id${enabled ? ' (clears a disable for failing)' : ''}`)
      .requiredOption('--id <id>', 'the endpoint id (we_…)', parseNonEmpty)
      .action(async (opts: { id: string }, cmd: Command) => {
        const out = env.output(cmd);
        const endpoint = await withContext(env.io, (ctx) =>
          onEndpoint(opts.id, () => ctx.services.webhooks.setEndpointEnabledAny(opts.id, enabled)),
        );
        out.result(
          { endpoint },
          enabled
            ? `Endpoint ${endpoint.id} enabled. Events it missed while disabled: tradepost webhook send-missed --id ${endpoint.id}`
            : `Endpoint ${endpoint.id} disabled. Its events meanwhile are kept for it (webhook send-missed).`,
        );
      });
  }

  env
    .leaf(webhook.command('delete'))
    .description(
      'delete a webhook endpoint by id: nothing is sent to it again, its secret is wiped; its deliveries stay in the log',
    )
    .requiredOption('--id <id>', 'the endpoint id (we_…)', parseNonEmpty)
    .action(async (opts: { id: string }, cmd: Command) => {
      const out = env.output(cmd);
      const endpoint = await withContext(env.io, (ctx) =>
        onEndpoint(opts.id, () => ctx.services.webhooks.deleteEndpoint(null, opts.id)),
      );
      out.result(
        { id: endpoint.id, deleted: true },
        `Endpoint ${endpoint.id} (${endpoint.url}) deleted. Its deliveries stay in the merchant's delivery log.`,
      );
    });

  env
    .leaf(webhook.command('send-missed'))
    .description(
      'queue, for an enabled endpoint, the events of the last 30 days it takes and never got (it was disabled then), oldest first',
    )
    .requiredOption('--id <id>', 'the endpoint id (we_…)', parseNonEmpty)
    .action(async (opts: { id: string }, cmd: Command) => {
      const out = env.output(cmd);
      const sent = await withContext(env.io, (ctx) =>
        onEndpoint(opts.id, () => ctx.services.webhooks.sendMissed(null, opts.id)),
      );
      out.result(
        { ...sent },
        sent.queued === 0
          ? `Endpoint ${opts.id} missed nothing.`
          : `Queued ${sent.queued} missed event(s) for ${opts.id}, the oldest first.` +
              (sent.more ? ' More remain: run it again.' : ''),
      );
    });
}
