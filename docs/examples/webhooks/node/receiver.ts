// A Tradepost webhook receiver in TypeScript (Node 20+), verifying with the SDK. The SDK is on no
// public registry: your Tradepost serves it. Install it, and tsx, beside this file (your
// Tradepost's address for the demo's):
//   npm install http://127.0.0.1:8080/sdk/tradepost-protocol.tgz http://127.0.0.1:8080/sdk/tradepost-sdk.tgz tsx
// Run: WEBHOOK_SECRET=whsec_… PORT=8000 npx tsx receiver.ts
import { createServer } from 'node:http';
import { webhooks, WebhookVerificationError } from '@tradepost/sdk';

const secret = process.env.WEBHOOK_SECRET ?? '';
const seen = new Set<string>(); // dedupe on the event id: delivery is at least once

createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const raw = Buffer.concat(chunks); // the raw bytes: never re-serialize before verifying
    try {
      const event = webhooks.verify(raw, req.headers['tradepost-signature'], secret);
      if (!seen.has(event.id)) {
        seen.add(event.id);
        if (event.type === 'order.shipped')
          console.log(`shipped ${event.data.object.order_no} ${event.data.object.tracking_no}`);
      }
      console.log(`verified ${event.id} ${event.type}`);
      res.writeHead(200).end('ok');
    } catch (err) {
      const code = err instanceof WebhookVerificationError ? err.code : 'error';
      console.log(`rejected ${code}`);
      res.writeHead(400).end(code);
    }
  });
}).listen(Number(process.env.PORT ?? 8000), '127.0.0.1');
