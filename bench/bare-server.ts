/**
 * The read benchmark's baseline: a bare Fastify route that answers the same page of products
 * through the same catalog service and database, with no authentication and no cryptography.
 * The ratio against the B-End route therefore isolates what auth + envelope cost.
 *
 *   TRADEPOST_DATA_DIR=… PORT=… node --import tsx bench/bare-server.ts
 */
import Fastify from 'fastify';
import { loadConfig } from '../apps/server/src/config.ts';
import { createContext } from '../apps/server/src/context.ts';

const config = loadConfig();
const ctx = await createContext(config);
const app = Fastify({ logger: false });
app.get('/products', async (req) => ({
  code: 0,
  message: 'success',
  data: await ctx.services.catalog.listProducts(req.query),
}));
await app.listen({ port: config.port, host: config.host });
process.stdout.write('ready\n');
process.once('SIGTERM', () => void app.close().then(() => ctx.close()).then(() => process.exit(0)));
