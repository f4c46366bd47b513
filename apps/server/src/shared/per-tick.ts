/** One call waiting for its tick's batch to be answered. */
export interface TickWaiter<A, R> {
  readonly arg: A;
  resolve(value: R): void;
  reject(error: unknown): void;
}

/**
 * The calls made in one event-loop tick, answered together: each call of the returned function
 * waits, and on the next turn (setImmediate) `answer` gets every call of the tick at once, in
 * order, and settles each waiter. Concurrent requests reach a store in the same tick, so what
 * would be one statement per request becomes one per tick: the replay guard's claims, the
 * PostgreSQL rate limiter's takes, PostgreSQL orders. A waiter `answer` leaves unsettled when it
 * throws or rejects gets that error.
 */
export function perTick<A, R>(
  answer: (batch: TickWaiter<A, R>[]) => void | Promise<void>,
): (arg: A) => Promise<R> {
  let pending: TickWaiter<A, R>[] = [];
  const flush = () => {
    const batch = pending;
    pending = [];
    // Settling a settled promise does nothing: only the waiters still open get the error.
    const failAll = (e: unknown) => batch.forEach((w) => w.reject(e));
    try {
      void Promise.resolve(answer(batch)).catch(failAll);
    } catch (e) {
      failAll(e);
    }
  };
  return (arg) =>
    new Promise<R>((resolve, reject) => {
      if (pending.push({ arg, resolve, reject }) === 1) setImmediate(flush);
    });
}
