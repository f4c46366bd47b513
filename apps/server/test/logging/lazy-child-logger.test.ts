/**
 * The per-request logger is built on its first line (logging.ts lazyChildLogger): what it writes
 * must be what the pino child would have written — same bindings, same redaction, same level.
 */
import Fastify, { type FastifyBaseLogger } from 'fastify';
import { describe, expect, it } from 'vitest';
import { lazyChildLogger, loggerOptions, REDACTED } from '../../src/logging.ts';

function logger(level: string) {
  const lines: Record<string, unknown>[] = [];
  // Fastify's own pino, configured as the server's.
  const base = Fastify({
    logger: {
      ...loggerOptions(level),
      stream: { write: (line: string) => void lines.push(JSON.parse(line)) },
    },
  }).log;
  let children = 0;
  const child = base.child.bind(base);
  // Counts the children built, to see that a request which logs nothing builds none.
  (base as unknown as { child: typeof child }).child = (...args: Parameters<typeof child>) => {
    children++;
    return child(...args);
  };
  const make = (opts: Record<string, unknown> = {}) =>
    lazyChildLogger.call(
      undefined as never,
      base as unknown as FastifyBaseLogger,
      { reqId: 'req-7' },
      opts,
      undefined as never,
    );
  return { lines, make, children: () => children };
}

describe('lazy per-request logger', () => {
  it('builds no child for lines below the level, and drops them', () => {
    const l = logger('warn');
    const log = l.make();
    log.info({ req: { method: 'GET' } }, 'incoming request');
    log.debug('detail');
    expect(l.lines).toEqual([]);
    expect(l.children()).toBe(0);
    expect(log.level).toBe('warn');
  });

  it('writes a line at or above the level with the request binding, redacted like the child', () => {
    const l = logger('warn');
    const log = l.make();
    log.warn(
      { code: 'x', sign: 'abc', nested: { data: 'secret' } },
      'database refused a value in %s',
      'here',
    );
    log.error({ err: new Error('boom') }, 'unexpected');
    expect(l.children()).toBe(1);
    expect(l.lines).toHaveLength(2);
    expect(l.lines[0]).toMatchObject({
      level: 40,
      reqId: 'req-7',
      code: 'x',
      sign: REDACTED,
      nested: { data: REDACTED },
      msg: 'database refused a value in here',
    });
    expect(l.lines[1]).toMatchObject({ level: 50, reqId: 'req-7', msg: 'unexpected' });
  });

  it('follows the parent at trace, and a route option gets its child at once', () => {
    const l = logger('trace');
    l.make().info('incoming request');
    expect(l.lines[0]).toMatchObject({ level: 30, reqId: 'req-7', msg: 'incoming request' });
    const quiet = logger('warn');
    const routeLog = quiet.make({ level: 'debug' });
    expect(quiet.children()).toBe(1);
    routeLog.debug('route detail');
    expect(quiet.lines[0]).toMatchObject({ level: 20, reqId: 'req-7' });
  });
});
