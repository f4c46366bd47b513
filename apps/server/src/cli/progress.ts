/**
 * A progress bar for large imports, on stderr, only for a person at a terminal: never when
 * stderr is not a TTY (CI logs, pipes) and never with --json (scripts read stdout and want a
 * quiet stderr).
 */
import cliProgress from 'cli-progress';

/** Below this many rows an import finishes before a bar is worth drawing. */
export const PROGRESS_MIN_ROWS = 1000;

export interface Progress {
  update(done: number, total: number): void;
  phase(name: string): void;
  stop(): void;
}

export function shouldShowProgress(opts: {
  isTTY: boolean | undefined;
  json: boolean;
  rows: number;
}): boolean {
  return opts.isTTY === true && !opts.json && opts.rows >= PROGRESS_MIN_ROWS;
}

export function createProgress(opts: {
  stream: NodeJS.WritableStream & { isTTY?: boolean };
  json: boolean;
}): Progress {
  let bar: cliProgress.SingleBar | null = null;
  return {
    update(done, total) {
      if (!bar) {
        if (!shouldShowProgress({ isTTY: opts.stream.isTTY, json: opts.json, rows: total })) return;
        bar = new cliProgress.SingleBar(
          {
            stream: opts.stream,
            format: '{phase} [{bar}] {percentage}% | {value}/{total} rows',
            hideCursor: true,
            clearOnComplete: false,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total, 0, { phase: 'Validating' });
      }
      bar.update(done);
    },
    phase(name) {
      bar?.update({ phase: name });
    },
    stop() {
      bar?.stop();
      bar = null;
    },
  };
}
