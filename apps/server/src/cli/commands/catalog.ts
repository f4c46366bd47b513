import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import type { Command } from 'commander';
import { generateDemoCatalog } from '../../catalog-data/demo-catalog.ts';
import { checkImport, fileSource } from '../../catalog-data/import-file.ts';
import { ImportFault } from '../../catalog-data/import-issues.ts';
import type { ImportFormat } from '../../catalog-data/import-file.ts';
import { auditEntries } from '../../modules/audit/audit.entries.ts';
import { recordAudit, SYSTEM_ACTOR } from '../../modules/audit/audit.service.ts';
import { isAppError } from '../../shared/app-error.ts';
import { parseFormat } from '../args.ts';
import { withContext } from '../context.ts';
import { CliError } from '../errors.ts';
import { createProgress } from '../progress.ts';
import type { CommandEnv } from '../program.ts';
import type { ProductInput } from '../../catalog-data/product-input.ts';

/** V8 grows the heap by this percentage over what a full collection left live (default: up to 300). */
const IMPORT_HEAP_GROWING_PERCENT = 20;

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
      let isDirectory: boolean;
      try {
        await access(file, constants.R_OK);
        isDirectory = (await stat(file)).isDirectory();
      } catch (e) {
        const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message;
        throw new CliError('invalid_file', `cannot read ${file}: ${reason}`);
      }
      // A directory passes access(); reading it failed later with Node's bare EISDIR.
      if (isDirectory) throw new CliError('invalid_file', `${file} is a directory, not a file`);

      // The file is streamed, never held: checked in full first, then read again to be written.
      // What is live stays near 20 MB, but V8 lets garbage grow the heap to ~4x that before a
      // full collection; in this short-lived process a tighter growth factor keeps a 100k-row
      // import under 200 MB RSS for ~20% more time.
      setFlagsFromString(`--heap-growing-percent=${IMPORT_HEAP_GROWING_PERCENT}`);
      const progress = createProgress({ stream: env.io.stderr, json: out.json });
      const checked = await checkImport(fileSource(file), {
        fileName: basename(file),
        ...(opts.format ? { format: opts.format } : {}),
        onProgress: (done, total) => progress.update(done, total),
      });
      if (!checked.ok) {
        progress.stop();
        const count = checked.errors.length;
        throw new CliError(
          'invalid_file',
          `${file}: ${count} problem${count === 1 ? '' : 's'} found, nothing was imported`,
          undefined,
          {
            errors: checked.errors,
          },
        );
      }

      // One unit: the service checks each batch again with the same rules as it writes it.
      progress.phase('Saving');
      let result: { inserted: number; updated: number };
      try {
        let saved = 0;
        // Audited as the console's import is (catalog.imported), in the import's unit.
        const skus = checked.skuCount;
        const products = checked.productCount;
        result = await withContext(env.io, (ctx) =>
          ctx.services.catalog.importProducts(
            () => checked.batches((rows) => progress.update((saved += rows), checked.rowCount)),
            {
              inUnit: (trx, counts) =>
                recordAudit(trx, SYSTEM_ACTOR, auditEntries.catalogImported({ products, skus, ...counts })),
            },
          ),
        );
      } catch (e) {
        // The file was well-formed but clashes with stored data (e.g. a sku_id of another product).
        if (isAppError(e) && e.code === 4001)
          throw new CliError('invalid_file', `${file}: ${e.message}; nothing was imported`);
        if (e instanceof ImportFault)
          throw new CliError(
            'invalid_file',
            `${file}: line ${e.issue.line}: ${e.message}; nothing was imported`,
          );
        throw e;
      } finally {
        progress.stop();
      }
      out.result(
        { ...result, products: checked.productCount, skus: checked.skuCount },
        `Imported ${checked.productCount} products, ${checked.skuCount} SKUs from ${file} ` +
          `(${result.inserted} inserted, ${result.updated} updated).`,
      );
    });
}

/** Loads products in one unit with their `catalog.imported` audit entry (noted as the demo's). */
function upsert(env: CommandEnv, products: ProductInput[]) {
  const skus = products.reduce((n, p) => n + p.skus.length, 0);
  return withContext(env.io, (ctx) =>
    ctx.services.catalog.upsertProducts(products, {
      inUnit: (trx, counts) =>
        recordAudit(
          trx,
          SYSTEM_ACTOR,
          auditEntries.catalogImported({ products: products.length, skus, ...counts }, 'demo catalog'),
        ),
    }),
  );
}
