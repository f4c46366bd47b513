import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import { DEMO_IMAGE_PATH } from '@tradepost/web-contract';
import type { FastifyInstance } from 'fastify';
import { demoImageSvg } from '../catalog-data/demo-images.ts';
import { addSecurityHeaders } from './web/json-door.ts';

/**
 * The web app (portal at `/`, console at `/admin`): the built files of apps/web/dist, and its
 * `index.html` for every other non-API path, so the browser's router owns those URLs. Without a
 * build, a short page says how to make one instead of a bare 404.
 */
export function webDistDir(): string {
  const env = process.env.TRADEPOST_WEB_DIST;
  if (env) return resolve(env);
  // src/doors → apps/web/dist in the source tree; dist/ (the bundled server) → ../../web/dist.
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, '../../../web/dist'), join(here, '../../web/dist')];
  return candidates.find((d) => existsSync(join(d, 'index.html'))) ?? candidates[0]!;
}

const API_PREFIXES = ['/api/', '/portal/api/', '/admin/api/'];
/** A file directly in dist/assets, as Vite names them (`name-hash.js`, `.css.br`): no `..`, no escapes. */
const ASSET_PATH = /^\/assets\/[\w-]+(\.[\w-]+)+$/;

const NOT_BUILT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Tradepost</title></head>
<body><h1>Tradepost</h1><p>The web app has not been built. Run <code>npm run build</code> (or <code>npm start</code>),
then reload this page. The APIs are up: B-End at <code>/api/v1</code>.</p></body></html>`;

export async function registerWebApp(scope: FastifyInstance): Promise<void> {
  addSecurityHeaders(scope);
  const dist = webDistDir();
  const built = existsSync(join(dist, 'index.html'));
  if (built) {
    await scope.register(fastifyStatic, {
      root: dist,
      index: false,
      wildcard: false,
      // The build writes a .br and a .gz beside each text file (apps/web/vite.config.ts): sent
      // to a browser that accepts it, the file as it is otherwise.
      preCompressed: true,
      // Vite's hashed assets never change under one name; index.html must always be fresh. Off,
      // the plugin's own `public, max-age=0` would replace what setHeaders sets.
      cacheControl: false,
      setHeaders: (res, path) => {
        res.setHeader(
          'cache-control',
          path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
        // The plugin does not say that the answer depends on Accept-Encoding; a shared cache must know.
        res.setHeader('vary', 'accept-encoding');
      },
    });
  }

  // The demo catalog's pictures (web-contract's demo-images.ts): drawn, so they never go stale.
  scope.get<{ Params: { goodsId: string; file: string } }>(
    `${DEMO_IMAGE_PATH}/:goodsId/:file`,
    async (req, reply) => {
      const n = /^(\d)\.svg$/.exec(req.params.file);
      const svg = n ? demoImageSvg(req.params.goodsId, Number(n[1])) : null;
      // Not the SPA's index.html: an <img> of an unknown id must fail, and show the app's fallback.
      if (svg === null) return reply.code(404).type('text/plain; charset=utf-8').send('No such demo image');
      return reply
        .type('image/svg+xml; charset=utf-8')
        .header('cache-control', 'public, max-age=86400')
        .send(svg);
    },
  );

  scope.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0]!;
    // Routes match case-sensitively, so `/API/V1/credit` reaches this fallback: it is still an API
    // path (a client's typo), owed a JSON 404, not the web app's page with 200.
    const lower = path.toLowerCase();
    if (API_PREFIXES.some((p) => lower.startsWith(p)) || (req.method !== 'GET' && req.method !== 'HEAD')) {
      return reply
        .code(404)
        .type('application/json; charset=utf-8')
        .send({ error: { code: 'not_found', message: `No endpoint ${req.method} ${path}` } });
    }
    if (path.startsWith('/assets/')) {
      // Files are routed at start: one a build installed since added (docs/operations.md,
      // "Upgrades": the new index.html is served at once and names only new files) is looked up
      // here, and sent as the routed ones are.
      if (built && ASSET_PATH.test(path) && existsSync(join(dist, path)))
        return reply.sendFile(path.slice(1));
      // A built file that is not there (an old page asking for a chunk a later build renamed) is a
      // 404: as index.html with 200 the browser reported "Failed to load module script" instead.
      return reply
        .code(404)
        .type('text/plain; charset=utf-8')
        .header('cache-control', 'no-cache')
        .send('No such file');
    }
    if (!built)
      return reply
        .code(200)
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-cache')
        .send(NOT_BUILT);
    return reply.header('cache-control', 'no-cache').sendFile('index.html', dist);
  });
}
