/**
 * The webhook sender's thread (webhooks.sender.ts): runs the dispatcher (webhooks.dispatch.ts) on
 * the jobs the delivery worker hands it, signing and POSTing each, and answers the results in
 * batches. It touches no database; the secrets it signs with arrive with the jobs.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createDispatcher } from './webhooks.dispatch.ts';
import { postOnce } from './webhooks.http.ts';
import type { FromSender, ToSender } from './webhooks.sender.ts';

const w = workerData as {
  timeoutMs: number;
  allowPrivate: boolean;
  concurrency: number;
  perEndpoint: number;
  userAgent: string;
};
const port = parentPort!;
const say = (m: FromSender) => port.postMessage(m);
const policy = { allowPrivate: w.allowPrivate };
const dispatcher = createDispatcher({
  timeoutMs: w.timeoutMs,
  concurrency: w.concurrency,
  perEndpoint: w.perEndpoint,
  userAgent: w.userAgent,
  post: (url, body, headers) => postOnce(url, body, headers, { timeoutMs: w.timeoutMs, policy }),
  report: (results) => say({ results }),
});

port.on('message', (m: ToSender) => {
  if ('jobs' in m) dispatcher.add(m.jobs);
  else if ('takeBack' in m) dispatcher.takeBack(m.endpointIds);
  else {
    const id = m.idle;
    void dispatcher.idle().then(() => say({ idle: id }));
  }
});
