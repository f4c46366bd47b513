/**
 * Orders before reads on the REST door (doors/writes-first.ts; #10 goal 3): a read that arrives
 * while writes are in flight starts once those have answered, never waits for writes that came
 * after it, waits at most maxWaitMs, and does not wait at all with no write in flight. A write
 * whose client goes away still counts as answered. Over real HTTP on a real Fastify instance.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { createWritesFirst, type WritesFirst } from '../../src/doors/writes-first.ts';

interface Rig {
  url: string;
  app: FastifyInstance;
  first: WritesFirst;
  /** Order of events: `read` when a read's handler ran, `write:<id>` when a write answered. */
  log: string[];
  /** Lets the write with this id answer. */
  finish(id: string): void;
  /** Resolves once the write with this id is inside its handler. */
  entered(id: string): Promise<void>;
}

const rigs: Array<{ app: FastifyInstance; gates: Map<string, () => void> }> = [];
afterEach(async () => {
  for (const { app, gates } of rigs.splice(0)) {
    for (const go of gates.values()) go(); // a failed test leaves no handler hanging
    await app.close();
  }
});

async function rig(maxWaitMs: number): Promise<Rig> {
  const first = createWritesFirst({ maxWaitMs });
  const app = Fastify({ logger: false });
  const log: string[] = [];
  const gates = new Map<string, () => void>();
  rigs.push({ app, gates });
  const arrivals = new Map<string, () => void>();
  const arrived = new Map<string, Promise<void>>();
  const arrival = (id: string) => {
    if (!arrived.has(id)) arrived.set(id, new Promise<void>((r) => arrivals.set(id, r)));
    return arrived.get(id)!;
  };
  app.route(
    first.route(true, {
      method: 'POST',
      url: '/write/:id',
      handler: async (req) => {
        const { id } = req.params as { id: string };
        const go = new Promise<void>((r) => gates.set(id, r));
        void arrival(id);
        arrivals.get(id)!();
        await go;
        log.push(`write:${id}`);
        return { id };
      },
    }),
  );
  app.route(
    first.route(false, {
      method: 'GET',
      url: '/read',
      handler: async () => {
        log.push('read');
        return { ok: true };
      },
    }),
  );
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    url,
    app,
    first,
    log,
    finish: (id) => gates.get(id)!(),
    entered: (id) => arrival(id),
  };
}

const tick = (ms = 20) => new Promise((r) => setTimeout(r, ms));

describe('writes first', () => {
  it('a read waits for the writes in flight when it came, and goes as soon as they answered', async () => {
    const r = await rig(5_000);
    const w1 = fetch(`${r.url}/write/1`, { method: 'POST' });
    const w2 = fetch(`${r.url}/write/2`, { method: 'POST' });
    await Promise.all([r.entered('1'), r.entered('2')]);
    expect(r.first.inFlight()).toBe(2);
    const read = fetch(`${r.url}/read`);
    await tick();
    expect(r.log).toEqual([]); // still waiting
    r.finish('1');
    await w1;
    await tick();
    expect(r.log).toEqual(['write:1']); // one of its two writes is still in flight
    r.finish('2');
    expect((await read).status).toBe(200);
    await w2;
    expect(r.log).toEqual(['write:1', 'write:2', 'read']);
    expect(r.first.inFlight()).toBe(0);
  });

  it('a read never waits for writes that came after it', async () => {
    const r = await rig(5_000);
    const w1 = fetch(`${r.url}/write/1`, { method: 'POST' });
    await r.entered('1');
    const read = fetch(`${r.url}/read`);
    await tick();
    const w2 = fetch(`${r.url}/write/2`, { method: 'POST' });
    await r.entered('2');
    const t0 = performance.now();
    r.finish('1');
    expect((await read).status).toBe(200);
    expect(performance.now() - t0).toBeLessThan(1_000); // not held until the 5 s cap
    expect(r.log).toEqual(['write:1', 'read']); // write 2 still in flight
    r.finish('2');
    await Promise.all([w1, w2]);
  });

  it('waits at most maxWaitMs, and not at all with no write in flight', async () => {
    const r = await rig(150);
    const t0 = performance.now();
    expect((await fetch(`${r.url}/read`)).status).toBe(200);
    const idle = performance.now() - t0;
    const w = fetch(`${r.url}/write/1`, { method: 'POST' });
    await r.entered('1');
    const t1 = performance.now();
    expect((await fetch(`${r.url}/read`)).status).toBe(200);
    const capped = performance.now() - t1;
    expect(idle).toBeLessThan(100);
    expect(capped).toBeGreaterThanOrEqual(140);
    expect(r.log).toEqual(['read', 'read']);
    r.finish('1');
    await w;
  });

  it('a write whose client went away counts as answered', async () => {
    const r = await rig(5_000);
    const abort = new AbortController();
    const w = fetch(`${r.url}/write/1`, { method: 'POST', signal: abort.signal }).catch((e: Error) => e);
    await r.entered('1');
    abort.abort();
    expect(await w).toBeInstanceOf(Error);
    for (let i = 0; i < 50 && r.first.inFlight() > 0; i++) await tick(10);
    expect(r.first.inFlight()).toBe(0);
    const t0 = performance.now();
    expect((await fetch(`${r.url}/read`)).status).toBe(200);
    expect(performance.now() - t0).toBeLessThan(1_000);
    r.finish('1'); // the handler still ends; nothing waits on it
  });

  it('maxWaitMs 0: reads never wait', async () => {
    const r = await rig(0);
    const w = fetch(`${r.url}/write/1`, { method: 'POST' });
    await r.entered('1');
    expect(r.first.inFlight()).toBe(0); // not even counted
    expect((await fetch(`${r.url}/read`)).status).toBe(200);
    r.finish('1');
    await w;
  });
});
