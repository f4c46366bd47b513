/**
 * SIGINT and SIGTERM for a server process's life: one listener each, installed once, whose action
 * changes (kept while starting, a drain once it serves).
 *
 * Why not swap listeners: removing a signal's last listener stops libuv's handle for it, and a
 * signal already caught for that handle but not yet dispatched (the event loop was busy) is then
 * dropped, not passed to the listener added next (libuv src/unix/signal.c skips a message whose
 * handle no longer has its signum). A CI run's `serve --workers 2` worker lost its SIGTERM that
 * way, 13 ms after it listened, and served on until its primary killed it.
 */
export const STOP_SIGNALS = ['SIGINT', 'SIGTERM'] as const;
export type StopSignal = (typeof STOP_SIGNALS)[number];

export interface StopSignals {
  /** What the next signals do; a signal already on its way meets this one. */
  set(action: (signal: StopSignal) => void): void;
  /** Removes the listeners: the process is ending anyway (a start that failed). */
  remove(): void;
}

export function listenForStopSignals(action: (signal: StopSignal) => void): StopSignals {
  let current = action;
  const listener = (signal: StopSignal) => current(signal);
  for (const signal of STOP_SIGNALS) process.on(signal, listener);
  return {
    set(next) {
      current = next;
    },
    remove() {
      for (const signal of STOP_SIGNALS) process.off(signal, listener);
    },
  };
}
