import { closeSync, fdatasync, fsyncSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { writerWalSyncSeconds } from '../ops/metrics.ts';

/**
 * SQLite durability without an fsync on the event loop (docs/architecture.md "Durable answers").
 *
 * The serving process's writer commits with synchronous=NORMAL: a COMMIT appends its batch to the
 * WAL and returns, nothing fsynced. This class fsyncs the WAL file on libuv's thread pool, one
 * fdatasync at a time, each covering every commit made before it began, while the event loop goes
 * on with the next batch. A batch's units settle only once a sync that began after its COMMIT has
 * returned (writer.ts), so a settled unit is on disk, as it was under synchronous=FULL.
 *
 * What changes is that a commit is visible to reads before it is on disk. So nothing leaves the
 * process before every commit it may reflect is on disk: each read made for an answer notes the
 * newest commit it may see (`noteRead`), and every HTTP answer waits for `readsDurable()` (app.ts).
 * Background reads (the webhook worker's polls) note nothing, so they hold up no answer; what the
 * worker sends was handed over by commit hooks or claimed in writer units, both settled only once
 * durable, or waits for `allDurable()`. After a power loss SQLite keeps a prefix of the
 * WAL's commits (each frame's checksum covers the frames before it), and that prefix holds every
 * commit any client was shown, and every commit that read another's writes holds those too.
 *
 * Other processes on the file (`serve --workers`) commit the same way, and their commits are
 * visible here too, at numbers this process cannot know. There each read asks for a sync that
 * begins after it: an fdatasync flushes the file's pages whoever wrote them. A writer unit's own
 * reads need nothing more: its batch settles after a sync begun after its COMMIT.
 */
export class WalSync {
  /**
   * Sync points asked for (commits; with other processes, reads too), those covered by a finished
   * fdatasync, the newest commit of this process, and the newest point a read may see. An
   * fdatasync is running exactly while #requested > #durable.
   */
  #requested = 0;
  #durable = 0;
  #lastCommit = 0;
  #read = 0;
  #waiters: Array<{ seq: number; resolve: () => void }> = [];
  readonly #fd: number;
  /** Other processes commit to the file too (`serve --workers`): see the constructor. */
  readonly otherProcesses: boolean;
  #closing: Promise<void> | undefined;

  /**
   * `walFile`: the database's `-wal` file, which exists once a connection has opened it in WAL mode.
   * `otherProcesses`: other processes commit to the same file (`serve --workers`), so a read may
   * see their commits before they are on disk, and this process cannot know their numbers: each
   * read then asks for a sync of its own, begun after it (an fdatasync covers the file's pages
   * whoever wrote them), and its answer waits for that.
   */
  constructor(walFile: string, opts: { otherProcesses?: boolean } = {}) {
    this.otherProcesses = opts.otherProcesses ?? false;
    this.#fd = openSync(walFile, 'r');
    // The WAL's directory entry, once: SQLite also syncs the directory on a new WAL's first sync.
    const dir = openSync(dirname(walFile), 'r');
    try {
      fsyncSync(dir);
    } finally {
      closeSync(dir);
    }
  }

  /** Called right after each COMMIT returns: that commit's number. Starts a sync if none runs. */
  committed(): number {
    this.#lastCommit = this.#request();
    return this.#lastCommit;
  }

  isDurable(seq: number): boolean {
    return seq <= this.#durable;
  }

  whenDurable(seq: number): Promise<void> {
    if (seq <= this.#durable) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push({ seq, resolve }));
  }

  /** Called as a read statement starts: it may see every commit made so far (by any process). */
  noteRead(): void {
    this.#read = this.otherProcesses ? this.#request() : this.#lastCommit;
  }

  /** undefined when every commit a read may have seen is on disk (no promise on the common path). */
  readsDurable(): Promise<void> | undefined {
    return this.#read <= this.#durable ? undefined : this.whenDurable(this.#read);
  }

  /** undefined when every commit this process made so far is on disk; else a promise of that. */
  allDurable(): Promise<void> | undefined {
    return this.#lastCommit <= this.#durable ? undefined : this.whenDurable(this.#lastCommit);
  }

  /** A new sync point: covered by the next fdatasync to begin (started now if none runs). */
  #request(): number {
    const idle = this.#requested === this.#durable;
    const seq = ++this.#requested;
    if (idle) this.#sync();
    return seq;
  }

  /** Resolves once every commit made so far is on disk; then the file is closed (once). */
  close(): Promise<void> {
    this.#closing ??= this.whenDurable(this.#requested).then(() => closeSync(this.#fd));
    return this.#closing;
  }

  #sync(): void {
    const target = this.#requested;
    const started = performance.now();
    fdatasync(this.#fd, (err) => {
      if (err) {
        // As PostgreSQL does (data_sync_retry = off): after a failed fsync the page cache's state
        // is unknown, and only a restart, which recovers from the WAL on disk, is safe.
        throw new Error(`fdatasync of the SQLite WAL failed; stopping: ${err.message}`, { cause: err });
      }
      writerWalSyncSeconds.observe((performance.now() - started) / 1000);
      this.#durable = target;
      if (this.#requested > target) this.#sync();
      const waiting = this.#waiters;
      this.#waiters = [];
      for (const w of waiting) {
        if (w.seq <= target) w.resolve();
        else this.#waiters.push(w);
      }
    });
  }
}
