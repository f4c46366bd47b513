/**
 * The read benchmark's yardstick: a bare Fastify route answering GET /products with the very
 * bytes a B-End GET /products answered (captured by the bench into BENCH_BODY_FILE), from memory:
 * no database, no authentication, no cryptography, no serialization. What a Node HTTP server on
 * this machine can do at best with a response of that size.
 *
 * With BENCH_BEND_APP (a JSON file `{ app_id, secret_key, sign_key }`), the second yardstick,
 * "bare + protocol crypto from memory": the same route also does the work bend-v1.md requires of
 * any server, and nothing else — verify the request (fields, HMAC, replay guard in memory, decrypt)
 * and answer a fresh envelope (AES-256-GCM, Base64, HMAC) of the same page, whose plaintext bytes
 * are held in memory. No database, no rate limit, no hooks, no validation.
 *
 *   BENCH_BODY_FILE=… [BENCH_PATH=/products] [BENCH_BEND_APP=…] PORT=… node bench/bare-server.ts
 */
import { readFileSync } from 'node:fs';
import {
  buildBendResponse,
  extractBendAuth,
  MemoryNonceStore,
  verifyBendRequest,
  verifyBendResponse,
} from '@tradepost/protocol';
import Fastify from 'fastify';

const body = readFileSync(process.env.BENCH_BODY_FILE!);
const type = process.env.BENCH_BODY_TYPE ?? 'application/json; charset=utf-8';
const path = process.env.BENCH_PATH ?? '/products';
const app = Fastify({ logger: false });
if (process.env.BENCH_BEND_APP) {
  const creds = JSON.parse(readFileSync(process.env.BENCH_BEND_APP, 'utf8')) as Record<string, string>;
  const appId = creds['app_id']!;
  const keys = { secretKey: creds['secret_key']!, signKey: creds['sign_key']! };
  const opened = verifyBendResponse(body.toString('utf8'), { appId, keys });
  if (!opened.ok) throw new Error('BENCH_BODY_FILE is not an envelope of BENCH_BEND_APP');
  const plaintext = Buffer.from(JSON.stringify(opened.value), 'utf8');
  const known = { ...keys, status: 'active' as const };
  const nonceStore = new MemoryNonceStore({ maxEntries: 1_000_000 });
  app.get(path, async (req, reply) => {
    const fields = extractBendAuth({
      method: req.method,
      headers: req.headers,
      query: req.query as Record<string, string>,
      body: undefined,
    });
    if (!fields.ok) return reply.code(401).send(fields);
    const verified = await verifyBendRequest(fields.value, {
      lookupApp: async (id) => (id === appId ? known : null),
      nonceStore,
      method: 'GET',
    });
    if (!verified.ok) return reply.code(401).send(verified);
    const e = buildBendResponse({ appId, keys, payload: { bytes: plaintext } });
    return reply
      .type(type)
      .send(
        `{"app_id":"${e.app_id}","nonce":"${e.nonce}","timestamp":"${e.timestamp}","data":"${e.data}","sign":"${e.sign}"}`,
      );
  });
} else {
  app.get(path, (_req, reply) => reply.type(type).send(body));
}
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.stdout.write('ready\n');
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
