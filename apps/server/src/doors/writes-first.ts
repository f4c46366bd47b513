import type { FastifyReply, FastifyRequest, RouteOptions } from 'fastify';

type Handler = (req: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
type Route = RouteOptions & { handler: Handler };

/**
 * Orders before reads on the event loop (#10 goal 3, "reads never stall orders"; docs/scaling.md
 * "Reads during orders"). Every request's CPU — verification, replay guard, the encrypted answer —
 * runs on the one event loop that also runs the writer, so a read served between orders is time
 * those orders wait. Here a read lets the requests that arrived with it be taken in first (one
 * turn of the loop, while writes are coming: one started in the last second), then, if writes are
 * in flight, starts only once those have answered, or after `maxWaitMs`, whichever comes first. A
 * write never waits for a read; a read never waits for writes that came after it (no starvation),
 * and a read-only load is untouched.
 *
 * Under a flood of orders that puts each read about one group commit later, and a reading
 * connection takes about one read per commit instead of one per turn of the loop.
 */
export interface WritesFirst {
  /** `route` with its turn taken care of: counted as a write until answered, or run as a read. */
  route(writes: boolean, route: Route): Route;
  /** Writes now in flight (tests). */
  inFlight(): number;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Writes are "coming" for this long after one started: reads then yield a turn first. */
const COMING_MS = 1000;

export function createWritesFirst(opts: { maxWaitMs: number }): WritesFirst {
  let started = 0;
  let lastStart = Number.NEGATIVE_INFINITY;
  /** Writes not answered yet, by start number; a Set keeps them in start order. */
  const writing = new Set<number>();
  /** Reads waiting, in arrival order: each for the writes numbered up to `upTo`. */
  const waiting: Array<{ upTo: number; go: () => void }> = [];

  function release(): void {
    const oldest: number = writing.values().next().value ?? Number.POSITIVE_INFINITY;
    // Each go() takes its own entry (the first) out of the list.
    while (waiting.length > 0 && waiting[0]!.upTo < oldest) waiting[0]!.go();
  }

  function writesBefore(): Promise<void> | undefined {
    if (writing.size === 0) return undefined;
    return new Promise<void>((resolve) => {
      const entry = { upTo: started, go };
      const timer = setTimeout(go, opts.maxWaitMs);
      function go() {
        clearTimeout(timer);
        const at = waiting.indexOf(entry);
        if (at >= 0) waiting.splice(at, 1);
        resolve();
      }
      waiting.push(entry);
    });
  }

  return {
    route(writes, route) {
      if (opts.maxWaitMs <= 0) return route;
      const { handler } = route;
      if (writes)
        return {
          ...route,
          // From the request line on, not from the handler: a read taken in the same turn as
          // this order's headers must already see it. `close` comes on answer and on abort.
          onRequest: async (_req, reply) => {
            const n = ++started;
            lastStart = performance.now();
            writing.add(n);
            reply.raw.once('close', () => {
              writing.delete(n);
              release();
            });
          },
        };
      return {
        ...route,
        handler: async (req, reply) => {
          if (writing.size > 0 || performance.now() - lastStart < COMING_MS) await nextTurn();
          const wait = writesBefore();
          if (wait) await wait;
          return handler(req, reply);
        },
      };
    },
    inFlight: () => writing.size,
  };
}
