import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { generateDemoCatalog } from '../../catalog-data/demo-catalog.ts';
import { parseImportFile } from '../../catalog-data/import-file.ts';
import type { ImportFormat } from '../../catalog-data/import-file.ts';
import { isAppError } from '../../shared/app-error.ts';
import { parseFormat } from '../args.ts';
import { withContext } from '../context.ts';
import { CliError } from '../errors.ts';
import { createProgress } from '../progress.ts';
import type { CommandEnv } from '../program.ts';
import type { ProductInput } from '../../catalog-data/product-input.ts';

export function registerCatalogCommands(catalog: Command, env: CommandEnv): void {
  env
    .leaf(catalog.command('demo'))
    .description('load the demo catalog (idempotent: products are updated in place on a re-run)')
    .action(async (_opts: unknown, cmd: Command) => {
      const out = env.output(cmd);
      const products = generateDemoCatalog();
      const result = await upsert(env, products);
      const skus = products.reduce((n, p) => n + p.skus.length, 0);
      out.result(
        { ...result, products: products.length, skus },
        `Demo catalog loaded: ${products.length} products, ${skus} SKUs (${result.inserted} inserted, ${result.updated} updated).`,
      );
    });

  env
    .leaf(catalog.command('import'))
    .description('import products from a JSON or CSV file, all or nothing')
    .argument(
      '<file>',
      'a .json file (array of products, or {"products": [...]}) or a .csv file (one row per SKU)',
    )
    .option(
      '--format <format>',
      'json | csv (default: from the file extension, else the content)',
      parseFormat,
    )
    .addHelpText(
      'after',
      '\nCSV columns: goods_id,title,description,category,images,currency,status,sku_id,spec,price,stock,sku_status\n' +
        '(images |-separated; rows with the same goods_id form one product). Examples: apps/server/examples/.',
    )
    .action(async (file: string, opts: { format?: ImportFormat }, cmd: Command) => {
      const out = env.output(cmd);
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (e) {
        const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message;
        throw new CliError('invalid_file', `cannot read ${file}: ${reason}`);
      }

      const progress = createProgress({ stream: env.io.stderr, json: out.json });
      const parsed = parseImportFile(text, {
        fileName: basename(file),
        ...(opts.format ? { format: opts.format } : {}),
        onProgress: (done, total) => progress.update(done, total),
      });
      text = ''; // a large file's text is not needed while it is written
      if (!parsed.ok) {
        progress.stop();
        const count = parsed.errors.length;
        throw new CliError(
          'invalid_file',
          `${file}: ${count} problem${count === 1 ? '' : 's'} found, nothing was imported`,
          undefined,
          {
            errors: parsed.errors,
          },
        );
      }

      // Validated in full before this single call: the service writes it in one transaction.
      progress.phase('Saving');
      let result: { inserted: number; updated: number };
      try {
        result = await upsert(env, parsed.products);
      } catch (e) {
        // The file was well-formed but clashes with stored data (e.g. a sku_id of another product).
        if (isAppError(e) && e.code === 4001)
          throw new CliError('invalid_file', `${file}: ${e.message}; nothing was imported`);
        throw e;
      } finally {
        progress.stop();
      }
      out.result(
        { ...result, products: parsed.products.length, skus: parsed.skuCount },
        `Imported ${parsed.products.length} products, ${parsed.skuCount} SKUs from ${file} ` +
          `(${result.inserted} inserted, ${result.updated} updated).`,
      );
    });
}

function upsert(env: CommandEnv, products: ProductInput[]) {
  return withContext(env.io, (ctx) => ctx.services.catalog.upsertProducts(products));
}
