/**
 * One page of a list query plus the total it pages through: the shape every list endpoint needs
 * (bend-v1.md `Page<T>`). The caller builds the filtered query once and hands in its ordered
 * select and its count, so filters can never differ between the two.
 */
export interface PageRequest {
  page: number;
  pageSize: number;
}

export async function paginate<Row>(
  ordered: { limit(n: number): { offset(n: number): { execute(): Promise<Row[]> } } },
  count: { executeTakeFirstOrThrow(): Promise<{ n: number | string | bigint }> },
  p: PageRequest,
): Promise<{ rows: Row[]; total: number }> {
  const [rows, counted] = await Promise.all([
    ordered
      .limit(p.pageSize)
      .offset((p.page - 1) * p.pageSize)
      .execute(),
    count.executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(counted.n) };
}
