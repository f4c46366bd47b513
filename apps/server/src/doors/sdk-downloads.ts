import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { create } from 'tar';

/**
 * The TypeScript SDK as npm tarballs, from this server: each Tradepost is self-hosted, its SDK is
 * the one in its own repository, and it is on no public registry. A merchant's developer installs
 * both in one command (the SDK depends on the protocol package, which npm then finds beside it):
 *
 *   npm install http://127.0.0.1:8080/sdk/tradepost-protocol.tgz http://127.0.0.1:8080/sdk/tradepost-sdk.tgz
 *
 * Each is what `npm pack` makes of its package: package.json and its `files` under `package/`.
 * Made on the first request from the built package (packages/<name>/dist) and held in memory.
 */
export const SDK_TARBALLS: Readonly<Record<string, string>> = {
  'tradepost-protocol.tgz': 'protocol',
  'tradepost-sdk.tgz': 'sdk',
};

/** packages/ of the checkout: from src/doors in the source tree, from dist/ in the bundle. */
function packagesDir(): string | undefined {
  const here = dirname(fileURLToPath(import.meta.url));
  return [join(here, '../../../../packages'), join(here, '../../../packages')].find((d) =>
    existsSync(join(d, 'sdk', 'package.json')),
  );
}

/** The package as `npm pack` makes it, or null when it has not been built. */
async function pack(dir: string): Promise<Buffer | null> {
  if (!existsSync(join(dir, 'dist', 'index.js'))) return null;
  const { files = [] } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { files?: string[] };
  const entries = ['package.json', ...files].filter((f) => existsSync(join(dir, f)));
  const chunks: Buffer[] = [];
  for await (const chunk of create({ gzip: true, cwd: dir, prefix: 'package', portable: true }, entries))
    chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export function registerSdkDownloads(app: FastifyInstance): void {
  const root = packagesDir();
  const made = new Map<string, Promise<Buffer | null>>();
  app.get<{ Params: { file: string } }>('/sdk/:file', async (req, reply) => {
    const name = req.params.file;
    const pkg = Object.hasOwn(SDK_TARBALLS, name) ? SDK_TARBALLS[name] : undefined;
    if (pkg && root && !made.has(name)) made.set(name, pack(join(root, pkg)));
    const bytes = await made.get(name);
    if (!bytes) {
      // Not one of ours, or not built here (`npm run build` builds it): looked for again next time.
      made.delete(name);
      return reply.code(404).type('text/plain; charset=utf-8').send(`No SDK download ${name}\n`);
    }
    return reply
      .type('application/gzip')
      .header('content-disposition', `attachment; filename="${name}"`)
      .send(bytes);
  });
}
