/**
 * One page of a list query plus the total it pages through: the shape every list endpoint needs
 * (bend-v1.md `Page<T>`). The caller builds the filtered query once and hands in its ordered
 * select and its count, so filters can never differ between the two.
 */
export interface PageRequest {
  page: number;
  pageSize: number;
}

/**
 * The total: the filtered query's `count(*) as n`, or a function that knows it without counting
 * the rows (a merchant's ledger is numbered without gaps, its orders are its order debits).
 */
export type PageTotal =
  { executeTakeFirstOrThrow(): Promise<{ n: number | string | bigint }> } | (() => Promise<number>);

export async function paginate<Row>(
  ordered: { limit(n: number): { offset(n: number): { execute(): Promise<Row[]> } } },
  count: PageTotal,
  p: PageRequest,
): Promise<{ rows: Row[]; total: number }> {
  const [rows, total] = await Promise.all([
    ordered
      .limit(p.pageSize)
      .offset((p.page - 1) * p.pageSize)
      .execute(),
    typeof count === 'function' ? count() : count.executeTakeFirstOrThrow().then((r) => Number(r.n)),
  ]);
  return { rows, total };
}
