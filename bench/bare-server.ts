/**
 * The read benchmark's yardstick: a bare Fastify route answering GET /products with the very
 * bytes a B-End GET /products answered (captured by the bench into BENCH_BODY_FILE), from memory:
 * no database, no authentication, no cryptography, no serialization. What a Node HTTP server on
 * this machine can do at best with a response of that size.
 *
 *   BENCH_BODY_FILE=… [BENCH_PATH=/products] PORT=… node bench/bare-server.ts
 */
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';

const body = readFileSync(process.env.BENCH_BODY_FILE!);
const type = process.env.BENCH_BODY_TYPE ?? 'application/json; charset=utf-8';
const path = process.env.BENCH_PATH ?? '/products';
const app = Fastify({ logger: false });
app.get(path, (_req, reply) => reply.type(type).send(body));
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.stdout.write('ready\n');
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
