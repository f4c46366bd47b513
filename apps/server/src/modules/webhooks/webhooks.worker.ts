import type { Kysely } from 'kysely';
import type { Database, DialectName } from '../../db/database.ts';
import type { Writer } from '../../db/writer.ts';
import type { SecretBox } from '../../shared/secret-box.ts';
import type { Resolver } from './webhooks.address.ts';
import type { DispatchJob, DispatchResult } from './webhooks.dispatch.ts';
import {
  type Claim,
  claim,
  type CycleSettings,
  fanOut,
  type Finished,
  handBack,
  recordAttempts,
  type Room,
} from './webhooks.cycle.ts';
import {
  addBacklogReader,
  attemptResult,
  webhookAttempts,
  webhookAttemptSeconds,
  webhookDeliveriesSettled,
  webhookDeliveryLagSeconds,
  webhookClaimsHandedBack,
} from './webhooks.metrics.ts';
import {
  type Claimer,
  type Reservation,
  type WebhookOutbox,
  type WrittenDelivery,
} from './webhooks.outbox.ts';
import * as repo from './webhooks.repository.ts';
import { createSender } from './webhooks.sender.ts';
import { DEFAULT_RETRY_DELAYS_MS, GIVE_UP_AFTER_MS } from './webhooks.schedule.ts';
import { endpointSecrets, userAgent } from './webhooks.secrets.ts';
import type { WebhookEndpointRow } from './webhooks.table.ts';

/** The spec's 10 s: a receiver that has not answered 2xx by then has failed this attempt. */
export const DEFAULT_DELIVERY_TIMEOUT_MS = 10_000;

export interface DeliveryWorkerOptions {
  /** Its polls answer nobody: the context's `backgroundDb` (db/dialect.ts). */
  db: Kysely<Database>;
  writer: Writer;
  dialect: DialectName;
  box: SecretBox;
  outbox: WebhookOutbox;
  /** TRADEPOST_WEBHOOK_ALLOW_PRIVATE: loopback/private receivers and http:// allowed (tests, dev). */
  allowPrivate: boolean;
  resolver?: Resolver | undefined;
  timeoutMs?: number | undefined;
  /** How long a claim holds before another process may take it over (default 3 × timeout, at least 2 ×). */
  leaseMs?: number | undefined;
  /** Attempts in flight in this process, overall and per endpoint. */
  concurrency?: number | undefined;
  perEndpoint?: number | undefined;
  retryDelaysMs?: readonly number[] | undefined;
  giveUpAfterMs?: number | undefined;
  /** Idle poll interval (other processes' events, retries falling due); this process's events wake it at once. */
  pollMs?: number | undefined;
  /** Finished attempts wait at most this long to be recorded together (sooner when many finish). */
  recordEveryMs?: number | undefined;
  now?: (() => number) | undefined;
  onError?: ((err: unknown) => void) | undefined;
  /**
   * Told when the address rule refuses an endpoint's delivery, at most once per endpoint per
   * BLOCKED_WARN_EVERY_MS: otherwise a receiver the rule refuses shows only in its delivery log.
   */
  onBlocked?: ((endpointId: string, reason: string) => void) | undefined;
}

/** How often one endpoint's address-rule refusals are reported (onBlocked): one line, not one per attempt. */
export const BLOCKED_WARN_EVERY_MS = 10 * 60_000;

export interface DeliveryWorker {
  start(): void;
  /**
   * Stops claiming, waits for the attempts in flight (each bounded by the timeout), records them
   * and hands the claims it had not started back to the queue.
   */
  stop(): Promise<void>;
  /** One cycle (record, fan out, claim, start attempts); resolves when it has run. For tests. */
  tick(): Promise<void>;
  /** Resolves when nothing claimed by this process is left unrecorded. For tests and benchmarks. */
  idle(): Promise<void>;
  /** `held`: deliveries this process holds (claimed or set aside for a unit writing them) and has not recorded. */
  stats(): { delivered: number; failedAttempts: number; inFlight: number; held: number; cycles: number };
}

/**
 * The delivery worker. Its database work is batched into one writer unit per cycle, so it costs
 * the order path a share of a group commit, not commits of its own:
 *
 *   cycle = one unit: record every attempt finished since the last cycle (attempt rows, delivery
 *           states, endpoint failure runs) + fan new events out to deliveries, written claimed
 *           when there is room + claim due ones (the steps: webhooks.cycle.ts)
 *
 * Cycles run one at a time, on demand: when an attempt finishes, when this process commits an
 * event (after its commit), and on the idle poll (other processes' events, retries falling due,
 * lapsed leases), which first asks the database in one read whether there is anything at all.
 * The rest of a delivery — per-endpoint queues and concurrency, signing, the POST — is the
 * sender's (webhooks.dispatch.ts, on its own thread): each cycle hands it its claims in one
 * message and gets the results back in batches, so the thread that takes orders pays per
 * delivery only for its rows. Signing secrets are opened once per endpoint and secret.
 *
 * Claims are leased (3 × the attempt timeout by default). A process holds at most twice its
 * concurrency (per endpoint, twice `perEndpoint`): what is in flight plus as many waiting for a
 * slot, so a slot that frees starts the next attempt without waiting for a cycle. A waiting claim
 * waits for at most one attempt ahead of it, so its lease still has two timeouts left; an attempt
 * is started only while at least 1.5 timeouts of the lease remain, so no two processes ever send
 * one delivery at the same time. A process killed mid-delivery leaves its claims to lapse and be
 * taken over; a process that stops hands its unstarted claims back at once.
 */
export function createDeliveryWorker(o: DeliveryWorkerOptions): DeliveryWorker {
  const timeoutMs = o.timeoutMs ?? DEFAULT_DELIVERY_TIMEOUT_MS;
  const leaseMs = Math.max(o.leaseMs ?? 3 * timeoutMs, 2 * timeoutMs);
  const concurrency = o.concurrency ?? 32;
  const perEndpoint = o.perEndpoint ?? 4;
  const delays = o.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  const giveUpAfterMs = o.giveUpAfterMs ?? GIVE_UP_AFTER_MS;
  const pollMs = o.pollMs ?? 250;
  const recordEveryMs = o.recordEveryMs ?? 25;
  const clock = o.now ?? Date.now;
  const cfg: CycleSettings = { dialect: o.dialect, retryDelaysMs: delays, giveUpAfterMs };
  const iso = (ms: number) => new Date(ms).toISOString();
  const report = (err: unknown) => (o.onError ? o.onError(err) : undefined);
  const sender = createSender({
    timeoutMs,
    allowPrivate: o.allowPrivate,
    concurrency,
    perEndpoint,
    userAgent: userAgent(),
    resolver: o.resolver,
    now: o.now,
    report: (results) => settled(results),
    onError: report,
  });

  /** Claims handed to the sender, by key, and how many per endpoint (waiting there or in flight). */
  const outstanding = new Map<number, Claim>();
  const sent = new Map<string, number>();
  let nextKey = 0;
  /** Claimed and not yet recorded (with the sender + finished), per endpoint and in all. */
  const held = new Map<string, number>();
  let heldTotal = 0;
  /** Finished attempts for the next cycle to record. */
  const finished: Finished[] = [];
  /** Opened signing secrets per endpoint, for as long as its sealed ones are the same (a roll changes them). */
  const opened = new Map<
    string,
    { sealed: string; previous: string | null; secrets: DispatchJob['secrets'] }
  >();
  /**
   * Endpoints deleted (heard from this process's outbox, or read on the poll: another process's
   * delete): a claim of one that has not started is dropped, never sent.
   */
  const deleted = new Set<string>();
  /** When each endpoint's address-rule refusal was last reported (onBlocked). */
  const blockedWarnedAt = new Map<string, number>();
  /** Claims given up unstarted (too little lease left), for the next cycle to hand back. */
  const toRelease: Claim[] = [];
  /** Each endpoint's attempt time, ms (moving average); an endpoint not yet seen counts as slow. */
  const latency = new Map<string, number>();
  /** How long a claim may wait for a slot and still start with 1.5 timeouts of lease left. */
  const waitBudgetMs = leaseMs - 1.5 * timeoutMs;
  const maxHeld = 4 * concurrency;
  /** This many finished attempts are recorded at once, without waiting for `recordEveryMs`. */
  const recordBatch = concurrency;
  /**
   * How many claims an endpoint may hold: its in-flight share times the waves of attempts a
   * claim can wait through within the budget at the endpoint's pace (2 for a new or slow one, up
   * to 16 for a fast one). A fast receiver then never waits for a cycle between attempts.
   */
  const depth = (endpointId: string) => {
    const lat = latency.get(endpointId);
    const waves = lat === undefined ? 2 : Math.floor(waitBudgetMs / Math.max(lat, 1));
    return perEndpoint * Math.min(16, Math.max(2, waves));
  };

  let running = false;
  let cycling: Promise<void> | null = null;
  /** Something may be in the database for us: an event committed here, a resend, the poll. */
  let look = false;
  /** Ask which endpoints have due work (a resend, the poll, a failed cycle), not only the hot ones. */
  let discover = false;
  /** Endpoints that may have more due: fanned out to, or claimed to their full share last time. */
  const hot = new Set<string>();
  let pollDue = false;
  let again = false;
  let timer: NodeJS.Timeout | null = null;
  let recordTimer: NodeJS.Timeout | null = null;
  let recordDue = false;
  let delivered = 0;
  let failedAttempts = 0;
  let cycles = 0;
  const idleWaiters: Array<() => void> = [];
  let removeBacklog: (() => void) | null = null;

  const count = (m: Map<string, number>, k: string, by: number) => {
    const n = (m.get(k) ?? 0) + by;
    if (n <= 0) m.delete(k);
    else m.set(k, n);
  };
  const hold = (endpointId: string) => {
    count(held, endpointId, 1);
    heldTotal++;
  };
  const unhold = (endpointId: string) => {
    count(held, endpointId, -1);
    heldTotal--;
    if (heldTotal === 0) for (const w of idleWaiters.splice(0)) w();
  };
  const release = (c: Claim) => unhold(c.d.endpoint_id);

  // ---- deliveries written claimed with their event (webhooks.outbox.ts `Claimer`) ----

  /** Room given to units writing events, until they commit (adopt) or not (cancel, or swept). */
  const reserved = new Map<Reservation, { endpointIds: readonly string[]; atMs: number }>();
  /** Committed units' deliveries, for the next cycle to send (`verified`: known to be written). */
  const adopted: Array<{ claims: Claim[]; verified: boolean }> = [];
  const unreserve = (r: Reservation) => {
    const v = reserved.get(r);
    if (!v) return;
    reserved.delete(r);
    for (const id of v.endpointIds) unhold(id);
  };
  /** A unit rolled back runs no commit hook: its room comes back after this long (adopting later still works). */
  const RESERVATION_MS = 2000;
  const claimer: Claimer = {
    giveUpAfterMs,
    reserve(endpointIds) {
      // An event's deliveries go to distinct endpoints: each needs one unit of its endpoint's share.
      if (!running || endpointIds.length === 0 || heldTotal + endpointIds.length > maxHeld) return null;
      for (const id of endpointIds) if ((held.get(id) ?? 0) >= depth(id)) return null;
      for (const id of endpointIds) hold(id);
      const leaseEndsMs = clock() + leaseMs;
      const r: Reservation = { lease: iso(leaseEndsMs), leaseEndsMs };
      reserved.set(r, { endpointIds, atMs: performance.now() });
      return r;
    },
    adopt(r, written, verified) {
      unreserve(r);
      const claims = written.map((w: WrittenDelivery) => ({
        ...w,
        lease: r.lease,
        leaseEndsMs: r.leaseEndsMs,
      }));
      for (const c of claims) hold(c.d.endpoint_id);
      // Stopping: back to the queue (a no-op for a row the statement did not write).
      if (running) adopted.push({ claims, verified });
      else toRelease.push(...claims);
      kick();
    },
    cancel: unreserve,
  };

  /** Sends committed units' claimed deliveries: those verified written, with their endpoints' rows. */
  async function takeOver(batches: ReadonlyArray<{ claims: Claim[]; verified: boolean }>) {
    const all = batches.flatMap((b) => b.claims);
    const unverified = batches.flatMap((b) => (b.verified ? [] : b.claims));
    let found: Map<string, string | null>;
    let endpoints: WebhookEndpointRow[];
    try {
      found = await repo.heldDeliveries(
        o.db,
        unverified.map((c) => c.d.delivery_id),
      );
      endpoints = await repo.findEndpoints(o.db, [...new Set(all.map((c) => c.d.endpoint_id))]);
      // Read on `backgroundDb`: nothing is sent that a power loss could still undo (db/wal-sync.ts).
      await o.writer.allDurable();
    } catch (err) {
      // Their leases run out and the poll takes them over (as a dead process's).
      for (const c of all) release(c);
      report(err);
      return;
    }
    const claims: Claim[] = [];
    for (const b of batches) {
      for (const c of b.claims) {
        if (b.verified || found.get(c.d.delivery_id) === c.lease) claims.push(c);
        else release(c); // an endpoint disabled meanwhile: the statement wrote no delivery for it
      }
    }
    if (running) dispatch(claims, endpoints);
    else toRelease.push(...claims);
  }

  function roomAt(nowMs: number): Room {
    const counts = new Map<string, number>();
    const leaseEndsMs = nowMs + leaseMs;
    const room: Room = {
      left: maxHeld - heldTotal,
      lease: iso(leaseEndsMs),
      leaseEndsMs,
      share: (endpointId) => depth(endpointId) - (held.get(endpointId) ?? 0) - (counts.get(endpointId) ?? 0),
      take(endpointId) {
        counts.set(endpointId, (counts.get(endpointId) ?? 0) + 1);
        room.left--;
      },
      claims: [],
    };
    return room;
  }

  /** One cycle: 'worked' when a unit committed, 'idle' when there was nothing, 'failed'. */
  async function cycle(): Promise<'worked' | 'idle' | 'failed'> {
    // A cycle is often kicked from a commit's hooks, before the units it resolved have queued
    // their next; on SQLite a unit queued then would be a commit (an fsync) of its own. One turn
    // of the loop lets it join the next group commit instead.
    await new Promise<void>((r) => setImmediate(r));
    const sweepMs = performance.now();
    for (const [r, v] of reserved) if (sweepMs - v.atMs > RESERVATION_MS) unreserve(r);
    const adopting = adopted.splice(0);
    if (adopting.length > 0) await takeOver(adopting);
    const fromPoll = pollDue;
    // Claims at the sender of an endpoint another process deleted: dropped before they start.
    const watched = fromPoll ? [...sent.keys()].filter((id) => !deleted.has(id)) : [];
    if (watched.length > 0) {
      try {
        drop(await repo.deletedAmong(o.db, watched));
      } catch (err) {
        report(err);
      }
    }
    const looking = look || fromPoll;
    const discovering = discover || fromPoll;
    pollDue = false;
    look = false;
    discover = false;
    let lapsed = false;
    const refill = wantsRefill();
    const recordNow = recordDue || finished.length >= recordBatch || (!running && finished.length > 0);
    if (!looking && !discovering && !refill && !recordNow && toRelease.length === 0) {
      if (finished.length > 0) recordSoon();
      return 'idle';
    }
    recordDue = false;
    if (recordTimer) clearTimeout(recordTimer);
    recordTimer = null;
    const done = finished.splice(0);
    const giveBack = toRelease.splice(0);
    if (done.length === 0 && giveBack.length === 0 && !refill) {
      if (!looking || !running) return 'idle';
      if (fromPoll) {
        // Idle: one cheap read decides whether a unit is worth it.
        const w = await repo.anyWork(o.db, iso(clock()));
        if (!w.events && !w.due && !w.lapsed) return 'idle';
        lapsed = w.lapsed;
      }
    }
    const claiming = running;
    const nowMs = clock();
    let out;
    try {
      out = await o.writer.run(async (trx) => {
        const rec = done.length > 0 ? await recordAttempts(trx, cfg, done, nowMs) : null;
        if (giveBack.length > 0) await handBack(trx, giveBack, nowMs);
        if (!claiming) return { rec, fanned: 0, found: [], claims: [], endpoints: [], exhausted: [] };
        const room = roomAt(nowMs);
        const fanned = await fanOut(trx, cfg, nowMs, room);
        const found = discovering ? await repo.endpointsWithDueWork(trx, iso(nowMs)) : [];
        const candidates = [...new Set([...hot, ...fanned.targets, ...found])];
        return {
          rec,
          fanned: fanned.events,
          found,
          ...(await claim(trx, cfg, nowMs, candidates, lapsed, room)),
        };
      });
    } catch (err) {
      finished.unshift(...done); // recorded by a later cycle (the poll's); the leases hold them
      toRelease.unshift(...giveBack);
      discover = true;
      report(err);
      return 'failed';
    }
    cycles++;
    // Committed: account for what was recorded, then start what was claimed.
    for (const merchantId of out.rec?.disabled ?? []) o.outbox.invalidate(merchantId);
    for (const f of done) {
      const result = attemptResult(f.r);
      if (result === 'blocked') blockedWarn(f.c.d.endpoint_id, f.r.error ?? '', nowMs);
      webhookAttempts.inc({ result });
      webhookAttemptSeconds.observe(f.r.latencyMs / 1000);
      if (f.r.ok) {
        delivered++;
        webhookDeliveriesSettled.inc({ outcome: 'succeeded' });
        webhookDeliveryLagSeconds.observe(Math.max(0, nowMs - Date.parse(f.c.eventCreatedAt)) / 1000);
      } else {
        failedAttempts++;
        if (out.rec?.gaveUp.has(f.c.d.delivery_id)) webhookDeliveriesSettled.inc({ outcome: 'failed' });
      }
      release(f.c);
    }
    for (const c of giveBack) release(c);
    for (const id of out.found) hot.add(id);
    for (const c of out.claims) hot.add(c.d.endpoint_id);
    for (const id of out.exhausted) hot.delete(id);
    for (const c of out.claims) {
      count(held, c.d.endpoint_id, 1);
      heldTotal++;
    }
    dispatch(out.claims, out.endpoints);
    // A full batch of events: there may be more right behind it.
    if (out.fanned >= 500) look = true;
    return 'worked';
  }

  /** onBlocked, at most once per endpoint per BLOCKED_WARN_EVERY_MS. */
  function blockedWarn(endpointId: string, reason: string, nowMs: number) {
    const last = blockedWarnedAt.get(endpointId);
    if (last !== undefined && nowMs - last < BLOCKED_WARN_EVERY_MS) return;
    if (blockedWarnedAt.size > 10_000) blockedWarnedAt.clear(); // bounded, like the secrets cache
    blockedWarnedAt.set(endpointId, nowMs);
    o.onBlocked?.(endpointId, reason);
  }

  // ---- the HTTP side: the sender (its thread) ----

  /** The secrets a delivery is signed with, opened once per endpoint and secret (the box's AES is not free). */
  function secretsOf(ep: WebhookEndpointRow): DispatchJob['secrets'] {
    const hit = opened.get(ep.endpoint_id);
    if (hit && hit.sealed === ep.secret_sealed && hit.previous === ep.previous_secret_sealed)
      return hit.secrets;
    // Every secret that may sign: the previous one only until its grace ends (checked per attempt).
    const secrets = endpointSecrets(o.box, ep, -Infinity).map((secret, i) => ({
      secret,
      untilMs: i === 0 ? null : Date.parse(ep.previous_secret_expires_at!),
    }));
    if (opened.size > 10_000) opened.clear(); // bounded: a cache, not a registry
    opened.set(ep.endpoint_id, { sealed: ep.secret_sealed, previous: ep.previous_secret_sealed, secrets });
    return secrets;
  }

  /** Hands freshly claimed deliveries to the sender, in one batch. */
  function dispatch(claims: readonly Claim[], rows: readonly WebhookEndpointRow[]) {
    if (claims.length === 0) return;
    const byId = new Map(rows.map((ep) => [ep.endpoint_id, ep]));
    const jobs: DispatchJob[] = [];
    for (const c of claims) {
      const ep = byId.get(c.d.endpoint_id);
      if (!ep || ep.status === 'deleted' || deleted.has(c.d.endpoint_id)) {
        // Its endpoint went away meanwhile: handed back (a deleted one's delivery is canceled).
        toRelease.push(c);
        kick();
        continue;
      }
      let secrets: DispatchJob['secrets'];
      try {
        secrets = secretsOf(ep);
      } catch (err) {
        // A secret that no longer opens (a changed master key) is an operator problem; keep retrying.
        report(err);
        const r = {
          ok: false,
          statusCode: null,
          latencyMs: 0,
          error: 'internal: could not sign',
          excerpt: null,
        };
        finished.push({ c, r, at: clock() });
        kick();
        continue;
      }
      const key = nextKey++;
      outstanding.set(key, c);
      count(sent, c.d.endpoint_id, 1);
      jobs.push({
        key,
        endpointId: c.d.endpoint_id,
        url: ep.url,
        eventId: c.d.event_id,
        payload: c.payload,
        secrets,
        leaseEndsMs: c.leaseEndsMs,
      });
    }
    if (jobs.length > 0) sender.add(jobs);
  }

  /** What the sender reports: attempts to record, claims handed back unsent (too little lease left). */
  function settled(results: readonly DispatchResult[]) {
    for (const [key, r, at] of results) {
      const c = outstanding.get(key);
      if (!c) continue;
      outstanding.delete(key);
      count(sent, c.d.endpoint_id, -1);
      if (r === null) {
        webhookClaimsHandedBack.inc();
        toRelease.push(c);
        continue;
      }
      const prev = latency.get(c.d.endpoint_id);
      if (latency.size > 10_000) latency.clear(); // bounded: an estimate, not a registry
      latency.set(c.d.endpoint_id, prev === undefined ? r.latencyMs : 0.8 * prev + 0.2 * r.latencyMs);
      finished.push({ c, r, at: at! });
    }
    kick();
  }

  /**
   * Endpoints deleted: their claims not yet started come back from the sender unsent (and are
   * handed back: a no-op, their deliveries are canceled), their opened secrets are forgotten.
   * An attempt already under way is not recalled; its outcome is not recorded.
   */
  function drop(endpointIds: readonly string[]) {
    if (endpointIds.length === 0) return;
    if (deleted.size > 10_000) deleted.clear(); // bounded: a claim outlives its delete by one cycle
    for (const id of endpointIds) {
      deleted.add(id);
      opened.delete(id);
      hot.delete(id);
    }
    sender.takeBack([...endpointIds]);
  }

  // ---- scheduling ----

  function tick(): Promise<void> {
    if (cycling) {
      again = true;
      return cycling;
    }
    cycling = (async () => {
      try {
        // Keep going while there is work: a backlog drains without waiting for the poll. A failed
        // unit waits for the poll rather than spinning.
        for (;;) {
          const r = await cycle();
          if (r === 'failed' || (r === 'idle' && !again)) break;
          again = false;
        }
      } catch (err) {
        report(err);
      } finally {
        cycling = null;
      }
    })();
    return cycling;
  }

  /**
   * Whether to claim now: a hot endpoint with room is down to less than one wave waiting. (A cycle
   * commits; claiming a few at a time would cost a commit per few deliveries.)
   */
  function wantsRefill(): boolean {
    if (!running || heldTotal >= maxHeld) return false;
    for (const id of hot) {
      // Fewer than one wave waiting at the sender beyond what it has in flight.
      if ((held.get(id) ?? 0) < depth(id) && (sent.get(id) ?? 0) < 2 * perEndpoint) return true;
    }
    return false;
  }

  /** Finished attempts are recorded within `recordEveryMs`, with whatever else is due by then. */
  function recordSoon() {
    if (recordTimer) return;
    recordTimer = setTimeout(() => {
      recordTimer = null;
      recordDue = true;
      kick();
    }, recordEveryMs);
    recordTimer.unref?.();
  }

  /** Something to do: a cycle as soon as the current one (if any) ends. */
  function kick() {
    if (cycling) {
      again = true;
      return;
    }
    void tick();
  }

  function poll() {
    if (!running) return;
    timer = setTimeout(() => {
      timer = null;
      pollDue = true;
      void tick().finally(poll);
    }, pollMs);
    timer.unref?.();
  }

  o.outbox.onEmit((kind, endpointIds) => {
    if (kind === 'deleted') return drop(endpointIds ?? []);
    if (!running) return;
    look = true;
    if (kind === 'queued') discover = true; // a resend: its endpoint is not necessarily hot
    for (const id of endpointIds ?? []) hot.add(id); // deliveries written with the event
    kick();
  });

  return {
    start() {
      if (running) return;
      running = true;
      o.outbox.setClaimer(claimer);
      removeBacklog = addBacklogReader(() => repo.backlog(o.db));
      sender.warm();
      pollDue = true;
      void tick();
      poll();
    },
    async stop() {
      running = false;
      const was = o.outbox.setClaimer(null);
      if (was !== claimer) o.outbox.setClaimer(was);
      if (timer) clearTimeout(timer);
      timer = null;
      if (recordTimer) clearTimeout(recordTimer);
      recordTimer = null;
      removeBacklog?.();
      await cycling;
      // Unstarted claims go back to the queue now rather than when their lease runs out; the
      // attempts in flight finish (each within the timeout).
      sender.takeBack();
      await sender.idle();
      await tick(); // records the last attempts, hands the rest back
      await sender.close();
    },
    tick,
    idle: () => (heldTotal === 0 ? Promise.resolve() : new Promise<void>((r) => idleWaiters.push(r))),
    stats: () => ({ delivered, failedAttempts, inFlight: outstanding.size, held: heldTotal, cycles }),
  };
}
