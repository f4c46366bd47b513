/**
 * An import's changes to rows that already exist, on each database: written slice after slice in
 * any order, every field lands, and a slice refused later leaves none of them. On PostgreSQL they
 * are applied after the last slice with the rows locked in key order (catalog.repository.ts
 * `existingRowWriter`), the order grouped orders lock SKUs in: a re-import crossing a grouped
 * order over the same SKUs waits for it or makes it wait, and never deadlocks.
 */
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import type { OpenedDatabase } from '../../src/db/dialect.ts';
import { HELD_IN_MEMORY } from '../../src/modules/catalog/catalog.repository.ts';
import type { ProductInput, Services } from '../../src/services.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { newMerchant, orderRequest, type TestProduct, testProduct, uid } from '../helpers/factories.ts';
import { errorOf, servicesFor, useServices } from '../services/fixtures.ts';

describeEachDatabase('catalog import of existing rows', (database) => {
  let opened: OpenedDatabase;
  let s: Services;
  useServices(database, (o, services) => {
    opened = o;
    s = services;
  });

  /** `n` one-SKU products whose ids sort in the order made, inserted. */
  async function seeded(n: number, stock = 10): Promise<TestProduct[]> {
    const run = uid();
    const products = Array.from({ length: n }, (_, i) => {
      const p = testProduct({ stock });
      const k = String(i).padStart(3, '0');
      p.goods_id = `GI${run}-${k}`;
      p.skus[0].sku_id = `SI${run}-${k}`;
      return p;
    });
    await s.catalog.upsertProducts(products);
    return products;
  }

  const stockOf = async (skuId: string): Promise<number> =>
    Number(
      (await sql<{ stock: number }>`select stock from skus where sku_id = ${skuId}`.execute(opened.db))
        .rows[0]!.stock,
    );

  /** `p` changed in every field an import rewrites. */
  const changed = (p: TestProduct, i: number): TestProduct => ({
    ...p,
    title: `Changed ${i}`,
    description: `Changed description ${i}`,
    category: 'Changed',
    images: [`https://img.tradepost.example/changed-${i}.jpg`],
    status: i === 0 ? 'off_sale' : 'on_sale',
    skus: [{ ...p.skus[0], spec: `Size: ${i}`, price: `${i + 1}.25`, stock: 40 + i, status: 'off_sale' }],
  });

  // On PostgreSQL, 5 changes wait in the process; HELD_IN_MEMORY + 1 in a staging table.
  it.each([5, HELD_IN_MEMORY + 1])(
    'updates of %i products across slices, last id first: every field lands; a slice refused later leaves none',
    async (n) => {
      const products = await seeded(n);
      const next = products.map(changed);
      const fresh = testProduct();
      const last = next.toReversed();
      const third = Math.ceil(n / 3);
      const batches: ProductInput[][] = [
        last.slice(0, third),
        [fresh, ...last.slice(third, 2 * third)],
        last.slice(2 * third),
      ];
      expect(await s.catalog.importProducts(() => batches)).toEqual({ inserted: 1, updated: n });
      for (const [i, p] of products.entries()) {
        expect(await s.catalog.getProduct(p.goods_id)).toMatchObject({
          title: `Changed ${i}`,
          description: `Changed description ${i}`,
          category: 'Changed',
          images: [`https://img.tradepost.example/changed-${i}.jpg`],
          status: i === 0 ? 'off_sale' : 'on_sale',
          skus: [
            {
              sku_id: p.skus[0].sku_id,
              spec: `Size: ${i}`,
              price: `${i + 1}.25`,
              stock: 40 + i,
              status: 'off_sale',
            },
          ],
        });
      }
      expect((await s.catalog.getProduct(fresh.goods_id)).skus[0]!.stock).toBe(100);

      // The second slice is refused: the first slice's changes are gone with it.
      const refused = await errorOf(() =>
        s.catalog.importProducts(() => [
          [{ ...next[0]!, skus: [{ ...next[0]!.skus[0], stock: 99 }] }],
          [{ ...next[1]!, title: '' }],
        ]),
      );
      expect(refused.message).toBe('products[1].title: must not be empty');
      expect(await stockOf(products[0]!.skus[0].sku_id)).toBe(40);
      // …and the next import starts clean (on PostgreSQL its staging went with the rollback).
      expect(
        await s.catalog.importProducts(() => [[{ ...next[0]!, skus: [{ ...next[0]!.skus[0], stock: 7 }] }]]),
      ).toEqual({ inserted: 0, updated: 1 });
      expect(await stockOf(products[0]!.skus[0].sku_id)).toBe(7);
    },
  );

  // With HELD_IN_MEMORY more products after A and B, the import's changes are staged.
  it.runIf(database.name === 'postgres').each([0, HELD_IN_MEMORY])(
    'a re-import (SKUs in reverse order, %i more after them) crossing a grouped order over the same SKUs: no deadlock',
    async (more) => {
      const [a, b, ...after] = (await seeded(2 + more)) as [TestProduct, TestProduct, ...TestProduct[]];
      const [skuA, skuB] = [a.skus[0].sku_id, b.skus[0].sku_id];
      const m = await newMerchant(s, '100.00');
      /** Backends waiting on a lock one of `pids` holds (or is ahead in the queue for). */
      const waitingOn = async (pids: number[]) =>
        (
          await sql<{ pid: number }>`select pid from pg_stat_activity
            where pg_blocking_pids(pid) && ${pids}::int[]`.execute(opened.db)
        ).rows.map((r) => r.pid);
      const until = async <T>(what: () => Promise<T[]>, n: number): Promise<T[]> => {
        for (const deadline = Date.now() + 10_000; ;) {
          const found = await what();
          if (found.length >= n) return found;
          expect(Date.now(), 'waited 10 s').toBeLessThan(deadline);
          await new Promise((r) => setTimeout(r, 10));
        }
      };
      // The import and the orders run on a pool and a writer of their own: a deadlock among them
      // would be retried by that writer (and so hidden after deadlock_timeout), which counts it.
      const other = await database.open();
      const crossing = servicesFor(other);
      // A merchant's first order also loads its webhook listeners: done now, so that the two
      // orders below reach the pool in one tick, one call of tradepost_place_orders.
      await crossing.orders.create(m.merchantId, orderRequest((await seeded(1))[0]!));
      // B is held by another transaction, so the import waits there; the grouped order (A then B,
      // sorted) comes next. Before, the import wrote in file order: it waited on B holding
      // nothing, the group took A and queued on B behind it, and once B was free the import,
      // holding B, needed A: a deadlock (the writer's retry would hide it after deadlock_timeout;
      // its retry count does not). Now the import locks A first and the group waits for it.
      const restocked = (p: TestProduct): TestProduct => ({
        ...p,
        title: `${p.title} (re-imported)`,
        skus: [{ ...p.skus[0], stock: 40 }],
      });
      const blocker = await opened.db.startTransaction().execute();
      try {
        await sql`select 1 from skus where sku_id = ${skuB} for update`.execute(blocker);
        const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(blocker);
        const blockerPid = rows[0]!.pid;
        const imported = crossing.catalog.importProducts(() => [
          [restocked(b), ...after.map(restocked)],
          [restocked(a)],
        ]);
        const [importPid] = (await until(() => waitingOn([blockerPid]), 1)) as [number];
        // In key order: the import holds A while it waits for B.
        const probe = await sql`select 1 from skus where sku_id = ${skuA} for update nowait`
          .execute(opened.db)
          .then(
            () => 'free',
            (e: { code?: string }) => e.code,
          );
        expect(probe).toBe('55P03'); // lock_not_available
        const orders = Promise.all([
          crossing.orders.create(m.merchantId, orderRequest({ goodsId: a.goods_id, skuId: skuA })),
          crossing.orders.create(m.merchantId, orderRequest({ goodsId: b.goods_id, skuId: skuB })),
        ]);
        await until(
          async () => (await waitingOn([blockerPid, importPid])).filter((pid) => pid !== importPid),
          1,
        );
        await blocker.commit().execute();
        const [counts, placed] = await Promise.all([imported, orders]);
        expect(counts).toEqual({ inserted: 0, updated: 2 + more });
        expect(placed.map((o) => o.status)).toEqual(['pending', 'pending']);
        expect(other.writer.stats().retries).toBe(0);
      } finally {
        await blocker
          .rollback()
          .execute()
          .catch(() => undefined);
        crossing.close();
        await other.close();
      }
      // The import committed first (the orders waited for it), then each order took one unit.
      expect([await stockOf(skuA), await stockOf(skuB)]).toEqual([39, 39]);
    },
  );
});
