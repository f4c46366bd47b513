/**
 * The webhook sender's thread (webhooks.sender.ts): POSTs what the delivery worker hands it and
 * answers each outcome. It holds no secrets (bodies arrive signed) and touches no database.
 * Messages in: arrays of jobs; out: arrays of [job id, outcome], gathered per turn of its loop.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type AttemptOutcome, postOnce } from './webhooks.http.ts';
import type { SenderJob } from './webhooks.sender.ts';

const { timeoutMs, allowPrivate } = workerData as { timeoutMs: number; allowPrivate: boolean };
const port = parentPort!;
let out: Array<[number, AttemptOutcome]> = [];

function answer(id: number, r: AttemptOutcome) {
  out.push([id, r]);
  if (out.length > 1) return;
  setImmediate(() => {
    port.postMessage(out);
    out = [];
  });
}

port.on('message', (jobs: SenderJob[]) => {
  for (const j of jobs) {
    void postOnce(j.url, j.body, j.headers, { timeoutMs, policy: { allowPrivate } }).then((r) =>
      answer(j.id, r),
    );
  }
});
