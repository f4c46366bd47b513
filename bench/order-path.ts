/**
 * `npm run bench:order-path`: where issue #10 goal 4's gap lies, door or order. CPU per order of
 * the order path alone, in process, with no HTTP and no crypto: the server's `orders.create`
 * (validation, the writer's group commit with a savepoint per order, the WAL fsync'd off the
 * event loop) beside the floor yardstick's raw prepared statements (bench/floor-orders.ts: one
 * BEGIN IMMEDIATE … COMMIT per tick), interleaved in rounds, 32 orders in flight, on copies of
 * one SQLite fixture. CPU is the whole process's (every thread: the fsync and checkpoint threads
 * too). What the HTTP servers spend beyond these figures is their doors' (`npm run bench:cpu`).
 *
 *   BENCH_ORDERS (per round, default 20000), BENCH_ROUNDS (3)
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../apps/server/src/config.ts';
import { createContext } from '../apps/server/src/context.ts';
import { sqliteOrders } from './floor-orders.ts';
import { BENCH_SHIPPING, prepare } from './lib.ts';

const N = Number(process.env.BENCH_ORDERS ?? 20_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const IN_FLIGHT = 32;

interface Path {
  name: string;
  place(merchantOrderNo: string): Promise<unknown>;
  close(): Promise<void>;
}

const base = mkdtempSync(join(tmpdir(), 'tradepost-bench-order-path-'));
const fixtureDir = join(base, 'fixture');
const f = await prepare(fixtureDir, {});
const order = (merchantOrderNo: string) => ({
  goods_id: f.goodsId,
  sku_id: f.skuId,
  quantity: 1,
  merchant_order_no: merchantOrderNo,
  shipping_address: BENCH_SHIPPING,
});

function copy(name: string): string {
  const dir = join(base, name);
  cpSync(fixtureDir, dir, { recursive: true });
  return dir;
}

async function serverPath(): Promise<Path> {
  const dir = copy('server');
  const ctx = await createContext(
    loadConfig({ TRADEPOST_DATA_DIR: dir, TRADEPOST_DEMO: '0', LOG_LEVEL: 'warn' }),
  );
  return {
    name: 'server: orders.create (writer group commit)',
    place: (no) => ctx.services.orders.create(f.merchantId, order(no)),
    close: () => ctx.close(),
  };
}

function floorPath(): Path {
  const o = sqliteOrders(join(copy('floor'), 'tradepost.db'));
  return {
    name: 'floor: raw prepared statements (bench/floor-orders.ts)',
    async place(no) {
      const r = await o.place(f.merchantId, order(no));
      if (!r.ok) throw new Error(`floor refused an order: ${r.message}`);
    },
    close: async () => o.close(),
  };
}

/** `count` orders, IN_FLIGHT at a time; CPU µs per order of this process, and wall µs per order. */
async function measure(path: Path, tag: string, count: number) {
  let next = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < count) await path.place(`${tag}-${next++}`);
    }),
  );
  const used = process.cpuUsage(cpu);
  return { cpu: (used.user + used.system) / count, wall: ((performance.now() - started) * 1000) / count };
}

const paths = [floorPath(), await serverPath()];
try {
  for (const p of paths) await measure(p, `${p.name.slice(0, 5)}-warm`, 3000);
  const cpu = new Map<Path, number[]>(paths.map((p) => [p, []]));
  for (let r = 1; r <= ROUNDS; r++) {
    for (const p of paths) {
      const m = await measure(p, `${p.name.slice(0, 5)}-r${r}`, N);
      cpu.get(p)!.push(m.cpu);
      console.log(`r${r} ${p.name}: CPU ${m.cpu.toFixed(0)} µs/order, wall ${m.wall.toFixed(0)} µs/order`);
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const [floor, server] = paths.map((p) => median(cpu.get(p)!)) as [number, number];
  console.log(
    `CPU per order, medians of ${ROUNDS} rounds of ${N}: floor ${floor.toFixed(0)} µs, server ${server.toFixed(0)} µs, server / floor ${(server / floor).toFixed(2)}`,
  );
} finally {
  for (const p of paths) await p.close();
  rmSync(base, { recursive: true, force: true });
}
