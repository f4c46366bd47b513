/**
 * Writes the catalog import files the "Import memory" figures in RESULTS.md were measured on:
 * bench-import-N.csv and bench-import-N.json in DIR, the same N products as bench/run.ts's import
 * section (one SKU each). Usage: npx tsx bench/import-files.ts N DIR
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';

const n = Number(process.argv[2] ?? 100_000);
const dir = process.argv[3] ?? '.';

async function write(path: string, head: string, item: (i: number) => string, sep: string, tail: string) {
  const out = createWriteStream(path);
  out.write(head);
  for (let i = 0; i < n; i++) if (!out.write((i ? sep : '') + item(i))) await once(out, 'drain');
  out.end(tail);
  await once(out, 'finish');
}

await write(
  join(dir, `bench-import-${n}.csv`),
  'goods_id,title,description,category,images,currency,status,sku_id,spec,price,stock,sku_status\n',
  (i) =>
    `IMP-${i},Imported product ${i},Imported for the bench number ${i},Cat ${i % 50},https://img.example.com/i/${i}.jpg,USD,on_sale,IMP-SKU-${i},Size: M,${(i % 900) + 1}.25,${i % 1000},on_sale\n`,
  '',
  '',
);
await write(
  join(dir, `bench-import-${n}.json`),
  '[\n',
  (i) =>
    JSON.stringify({
      goods_id: `IMP-${i}`,
      title: `Imported product ${i}`,
      description: `Imported for the bench number ${i}`,
      category: `Cat ${i % 50}`,
      images: [`https://img.example.com/i/${i}.jpg`],
      currency: 'USD',
      status: 'on_sale',
      skus: [
        {
          sku_id: `IMP-SKU-${i}`,
          spec: 'Size: M',
          price: `${(i % 900) + 1}.25`,
          stock: i % 1000,
          status: 'on_sale',
        },
      ],
    }),
  ',\n',
  '\n]\n',
);
