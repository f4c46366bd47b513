// A Tradepost webhook receiver in TypeScript (Node 20+), verifying with the SDK. The SDK is not on
// the public npm registry: your Tradepost's operator gives you its two tarballs (packages/sdk's
// README says how they are made). Install them, and tsx, beside this file:
//   npm install ./tradepost-protocol-0.1.0.tgz ./tradepost-sdk-0.1.0.tgz tsx
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
