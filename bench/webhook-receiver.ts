/**
 * A fast webhook receiver in a process of its own for bench/webhooks.ts: the merchant's system is
 * not the server's work, so its parsing must not share the server's event loop. Answers 200 at
 * once and counts; reports over IPC: its URL at start, then `{ count }` when asked, and (after
 * `{ watch: true }`) each arrival's epoch time with the order number, for the latency series.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

let count = 0;
let watch = false;
const send = (m: unknown) => process.send?.(m);
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    count++;
    res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok');
    if (watch) {
      const at = performance.timeOrigin + performance.now();
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        data: { object: { order_no?: string } };
      };
      send({ arrival: { at, orderNo: body.data.object.order_no } });
    }
  });
});
server.keepAliveTimeout = 30_000;
process.on('message', (m: { count?: boolean; watch?: boolean; close?: boolean }) => {
  if (m.count) send({ count });
  if (m.watch !== undefined) watch = m.watch;
  if (m.close) server.close(() => process.exit(0));
});
// Gone with the bench, even if it crashed or exited before its `close` got through.
process.on('disconnect', () => process.exit(0));
server.listen(0, '127.0.0.1', () => {
  send({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks` });
});
