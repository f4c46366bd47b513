import { readFileSync } from 'node:fs';
import { readFieldMessage } from '@tradepost/web-contract';
import { describe, expect, it } from 'vitest';
import { detectFormat, parseImportFile } from '../../src/catalog-data/import-file.ts';
import type { ImportParseResult } from '../../src/catalog-data/import-file.ts';
import { IMPORT_BATCH } from '../../src/catalog-data/import-issues.ts';
import { checkProductInputs } from '../../src/modules/catalog/catalog.service.ts';

const examples = new URL('../../examples/', import.meta.url);
const HEADER =
  'goods_id,title,description,category,images,currency,status,sku_id,spec,price,stock,sku_status';
const csv = (...rows: string[]) => [HEADER, ...rows].join('\n') + '\n';
const row = (over: Partial<Record<string, string>> = {}) => {
  const v = {
    goods_id: 'g1',
    title: 'Mug',
    description: 'A mug',
    category: 'Home & Kitchen',
    images: 'https://img.example/1.jpg',
    currency: 'USD',
    status: 'on_sale',
    sku_id: 's1',
    spec: 'Color: Red',
    price: '9.99',
    stock: '5',
    sku_status: 'on_sale',
    ...over,
  };
  return Object.values(v).join(',');
};

const errorsOf = (r: ImportParseResult) => {
  if (r.ok) throw new Error(`expected errors, got ${r.products.length} products`);
  return r.errors;
};
const okOf = (r: ImportParseResult) => {
  if (!r.ok) throw new Error(`unexpected errors: ${JSON.stringify(r.errors)}`);
  return r;
};

describe('example files', () => {
  it('parses catalog-sample.csv into grouped products', async () => {
    const r = okOf(
      await parseImportFile(readFileSync(new URL('catalog-sample.csv', examples), 'utf8'), {
        fileName: 'catalog-sample.csv',
      }),
    );
    expect(r.format).toBe('csv');
    expect(r.products.map((p) => [p.goods_id, p.skus.length])).toEqual([
      ['sample-001', 3],
      ['sample-002', 3],
      ['sample-003', 1],
    ]);
    const first = r.products[0];
    expect(first?.title).toBe('Stainless Steel Insulated Tumbler, 20 oz');
    expect(first?.images).toHaveLength(2);
    expect(first?.skus[2]).toEqual({
      sku_id: 'sample-001-3',
      spec: 'Color: Lilac',
      price: '13.49',
      stock: 58,
      status: 'off_sale',
    });
    expect(r.skuCount).toBe(7);
  });

  it('parses catalog-sample.json', async () => {
    const r = okOf(
      await parseImportFile(readFileSync(new URL('catalog-sample.json', examples), 'utf8'), {
        fileName: 'x.json',
      }),
    );
    expect(r.products).toHaveLength(2);
    expect(r.products[1]?.skus[0]).toEqual({
      sku_id: 'sample-102-1',
      spec: 'Color: Gold',
      price: '7.99',
      stock: 400,
    });
  });
});

describe('CSV', () => {
  it('handles a BOM, CRLF line ends, quoted commas, quotes and newlines inside quotes', async () => {
    const text =
      '\uFEFF' +
      [
        HEADER,
        row({ title: '"Mug, large ""XL"""', description: '"two\r\nlines"' }),
        '',
        row({ sku_id: 's2', spec: '"Color: Blue, matte"', title: '', description: '', price: '10.5' }),
      ].join('\r\n');
    const r = okOf(await parseImportFile(text, { format: 'csv' }));
    expect(r.products).toHaveLength(1);
    const p = r.products[0];
    expect(p?.title).toBe('Mug, large "XL"');
    expect(p?.description).toBe('two\nlines');
    expect(p?.skus.map((s) => [s.spec, s.price])).toEqual([
      ['Color: Red', '9.99'],
      ['Color: Blue, matte', '10.50'],
    ]);
  });

  it('groups non-adjacent rows by goods_id and keeps id-less rows apart', async () => {
    const r = okOf(
      await parseImportFile(
        csv(
          row(),
          row({ goods_id: '', sku_id: '', title: 'Loose item' }),
          row({ goods_id: 'g2', sku_id: 's9', title: 'Other' }),
          row({ sku_id: 's2', spec: 'Color: Blue' }),
          row({ goods_id: '', sku_id: '', title: 'Loose item' }),
        ),
        { format: 'csv' },
      ),
    );
    expect(r.products.map((p) => [p.goods_id, p.title, p.skus.length])).toEqual([
      ['g1', 'Mug', 2],
      [undefined, 'Loose item', 1],
      ['g2', 'Other', 1],
      [undefined, 'Loose item', 1],
    ]);
  });

  it('reports every bad row with its line and what is wrong', async () => {
    const text = csv(
      row(), // 2 ok
      row({ sku_id: 's2', spec: 'Color: Blue', price: '10.005' }), // 3
      row({ goods_id: 'g2', sku_id: 's3', price: 'abc' }), // 4
      row({ goods_id: 'g3', sku_id: 's4', stock: '-1' }), // 5
      row({ goods_id: 'g4', sku_id: 's5', title: '' }), // 6
      row({ goods_id: 'g5', sku_id: 's1' }), // 7 duplicate sku_id
      row({ goods_id: 'g6', sku_id: 's6', currency: 'DOLLARS' }), // 8
      row({ goods_id: 'g7', sku_id: 's7', sku_status: 'sold' }), // 9
      'g8,Short row,,Toys', // 10
      row({ goods_id: 'g9', sku_id: 's8', images: 'ftp://x/1.jpg' }), // 11
      row({ sku_id: 's10', spec: 'Color: Green', title: 'Not a mug' }), // 12 conflicts with line 2
      row({ goods_id: 'g10', sku_id: 's11', price: '-1.00' }), // 13
      row({ goods_id: 'g 11', sku_id: 's12' }), // 14
    );
    const errors = errorsOf(await parseImportFile(text, { format: 'csv' }));
    const byLine = (line: number) => errors.filter((e) => e.line === line).map((e) => e.message);
    expect(byLine(2)).toEqual([]);
    expect(byLine(3)).toEqual([
      'price: "10.005" is not an amount like 12.30 (at most 2 decimals, not negative)',
    ]);
    expect(byLine(4)[0]).toMatch(/^price: "abc" is not an amount/);
    expect(byLine(5)).toEqual(['stock: "-1" is not a whole number of 0 or more']);
    expect(byLine(6)).toEqual(['title: must not be empty']);
    expect(byLine(7)).toEqual(['sku_id: "s1" is already used at line 2']);
    expect(byLine(8)).toEqual(['currency: "DOLLARS" is not a 3-letter ISO 4217 code']);
    expect(byLine(9)).toEqual(['sku_status: "sold" must be on_sale or off_sale']);
    expect(byLine(10)[0]).toMatch(/^expected 12 fields, found 4/);
    expect(byLine(11)).toEqual(['images: "ftp://x/1.jpg" is not an http(s) URL']);
    expect(byLine(12)).toEqual(['title: "Not a mug" differs from line 2 ("Mug") for goods_id "g1"']);
    expect(byLine(13)).toEqual([
      'price: "-1.00" is not an amount like 12.30 (at most 2 decimals, not negative)',
    ]);
    expect(byLine(14)).toEqual(['goods_id: "g 11" must be 1-64 letters, digits, "_", "-" or "."']);
    expect(errors.map((e) => e.line)).toEqual([...errors.map((e) => e.line)].sort((a, b) => a - b));
  });

  it('refuses a price of 0 on its line, in CSV and JSON alike', async () => {
    const text = csv(
      row(), // 2 ok
      row({ sku_id: 's2', spec: 'Color: Blue', price: '0.00' }), // 3
      row({ goods_id: 'g2', sku_id: 's3', price: '0' }), // 4
      row({ goods_id: 'g3', sku_id: 's4', price: '0.01' }), // 5 ok: the least price
    );
    expect(errorsOf(await parseImportFile(text, { format: 'csv' }))).toEqual([
      { line: 3, message: 'price: "0.00" must be greater than 0' },
      { line: 4, message: 'price: "0" must be greater than 0' },
    ]);
    const json = JSON.stringify([
      { title: 'Free', category: 'Toys', currency: 'USD', skus: [{ spec: 'A', price: 0, stock: 1 }] },
    ]);
    expect(errorsOf(await parseImportFile(json))).toEqual([
      { line: 1, message: 'products[0].skus[0].price: 0 must be greater than 0' },
    ]);
  });

  it('applies the catalog rules: a repeated spec, a bad image URL, a too-long title', async () => {
    const text = csv(
      row(), // 2
      row({ sku_id: 's2', spec: 'Color: Red ' }), // 3 repeats line 2's spec
      row({ goods_id: 'g2', sku_id: 's3', images: 'https://ok.example/1.jpg|not a url' }), // 4
      row({ goods_id: 'g3', sku_id: 's4', title: 'x'.repeat(501) }), // 5
    );
    expect(errorsOf(await parseImportFile(text, { format: 'csv' }))).toEqual([
      { line: 3, message: 'spec: "Color: Red" repeats SKU #1 of this product' },
      { line: 4, message: 'images: "not a url" is not an http(s) URL' },
      { line: 5, message: 'title: is longer than 500 characters' },
    ]);
  });

  it('yields exactly what the catalog service accepts', async () => {
    const r = okOf(
      await parseImportFile(
        csv(
          row({ currency: 'usd', price: '3', stock: '007' }),
          row({ goods_id: '', sku_id: '', title: 'Loose' }),
        ),
        { format: 'csv' },
      ),
    );
    expect(r.products[0]).toMatchObject({ currency: 'USD', skus: [{ price: '3.00', stock: 7 }] });
    expect(checkProductInputs(r.products)).toEqual({ ok: true, products: r.products });
  });

  it('counts lines correctly after multi-line quoted fields with CRLF', async () => {
    const text = [
      HEADER,
      row({ description: '"a\r\nb\r\nc"' }),
      row({ goods_id: 'g2', sku_id: 's2', stock: 'x' }),
    ].join('\r\n');
    expect(errorsOf(await parseImportFile(text, { format: 'csv' }))).toEqual([
      { line: 5, message: 'stock: "x" is not a whole number of 0 or more' },
    ]);
  });

  it('rejects a bad header, naming unknown and missing columns', async () => {
    const errors = errorsOf(
      await parseImportFile('goods_id,title,prce,stock\ng1,Mug,1.00,3\n', { format: 'csv' }),
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]?.line).toBe(1);
    expect(errors[0]?.message).toContain('unknown column "prce"');
    expect(errors[0]?.message).toContain('missing columns category, currency, spec, price');
  });

  it('says a header’s every problem in one message, in the words the web app translates', async () => {
    const [error] = errorsOf(
      await parseImportFile('goods_id,Title,prce,title,stock\ng1,Mug,1.00,Mug,3\n', { format: 'csv' }),
    );
    expect(error).toEqual({
      line: 1,
      message:
        'header: unknown column "prce"; column "title" appears twice; missing columns category, currency, spec, price' +
        ` (columns are ${HEADER})`,
    });
    const read = readFieldMessage(error!.message);
    expect(read?.id).toBe('csvHeader');
    expect(read?.params.problems?.split('; ').map((p) => readFieldMessage(p)?.id)).toEqual([
      'unknownColumn',
      'columnTwice',
      'missingColumns',
    ]);
    const [one] = errorsOf(
      await parseImportFile('title,category,currency,spec,price\nMug,Home,USD,,1.00\n', { format: 'csv' }),
    );
    expect(one?.message).toBe(`header: missing column stock (columns are ${HEADER})`);
  });

  it.each([
    ['csv', csv(row(), 'g2,"unterminated,x'), 'invalidCsv'],
    ['json', '[\n  {"title": "a",\n   "skus": [}\n]', 'invalidJson'],
    ['json', '[{"title": "a\n"}]', 'invalidJson'],
    ['json', '[{"title": "a"}', 'invalidJson'],
    ['json', '[{"title": "a"}] x', 'invalidJson'],
    ['json', '[{"title": "a\\x"}]', 'invalidJson'],
  ] as const)(
    'a %s file that cannot be read says so in the catalog’s words: %j',
    async (format, text, id) => {
      const errors = errorsOf(await parseImportFile(text, { format }));
      expect(errors).toHaveLength(1);
      const read = readFieldMessage(errors[0]!.message);
      expect(read?.id, errors[0]!.message).toBe(id);
      // The detail is the scanner's own (jsonExpected, its words catalog messages too) or the
      // parser library's, as it came.
      const detail = readFieldMessage(read!.params.detail!);
      if (detail) {
        expect(detail.id).toBe('jsonExpected');
        for (const word of Object.values(detail.params))
          expect(/^".*"$/s.test(word) || readFieldMessage(word) !== undefined, word).toBe(true);
      }
    },
  );

  it('reports malformed quoting and empty files', async () => {
    const bad = errorsOf(await parseImportFile(csv(row(), 'g2,"unterminated,x'), { format: 'csv' }));
    expect(bad[0]?.message).toMatch(/^invalid CSV: /);
    expect(bad[0]?.line).toBe(3);
    expect(errorsOf(await parseImportFile('', { format: 'csv' }))[0]?.message).toMatch(/empty/);
    expect(errorsOf(await parseImportFile(HEADER + '\n', { format: 'csv' }))[0]?.message).toBe(
      'the file holds no products',
    );
  });
});

describe('JSON', () => {
  const product = (over: Record<string, unknown> = {}) => ({
    goods_id: 'g1',
    title: 'Mug',
    description: 'A mug',
    category: 'Home',
    images: [],
    currency: 'usd',
    skus: [{ sku_id: 's1', spec: 'Color: Red', price: '9.9', stock: 5 }],
    ...over,
  });

  it('accepts a bare array and {products}, normalising money and currency', async () => {
    for (const body of [[product()], { products: [product()] }]) {
      const r = okOf(await parseImportFile(JSON.stringify(body)));
      expect(r.format).toBe('json');
      expect(r.products).toEqual([
        {
          ...product(),
          currency: 'USD',
          skus: [{ sku_id: 's1', spec: 'Color: Red', price: '9.90', stock: 5 }],
        },
      ]);
    }
  });

  it('reports each bad product by index path and the line where the value starts', async () => {
    const text = JSON.stringify(
      {
        products: [
          product(),
          product({
            goods_id: 'g2',
            skus: [
              { sku_id: 's2', spec: 'A', price: '10.005', stock: 1 },
              { sku_id: 's3', spec: 'B', price: 2, stock: 1.5 },
            ],
          }),
          product({ goods_id: 'g1', skus: [{ sku_id: 's1', spec: 'X', price: '1.00', stock: 1 }] }),
          product({ goods_id: 'g4', title: undefined, skus: [] }),
          'not an object',
        ],
      },
      null,
      2,
    );
    const lines = text.split('\n');
    const lineOf = (needle: string, from = 0) =>
      lines.findIndex((l, i) => i >= from && l.includes(needle)) + 1;
    const errors = errorsOf(await parseImportFile(text));
    expect(errors).toEqual([
      {
        line: lineOf('"10.005"'),
        message:
          'products[1].skus[0].price: "10.005" is not an amount like 12.30 (at most 2 decimals, not negative)',
      },
      { line: lineOf('1.5'), message: 'products[1].skus[1].stock: 1.5 is not a whole number of 0 or more' },
      {
        line: lineOf('"g1"', lineOf('"g2"')),
        message: 'products[2].goods_id: "g1" is already used at line ' + lineOf('"g1"'),
      },
      {
        line: lineOf('"sku_id": "s1"', lineOf('"g2"')),
        message: 'products[2].skus[0].sku_id: "s1" is already used at line ' + lineOf('"sku_id": "s1"'),
      },
      { line: lineOf('"g4"') - 1, message: 'products[3].title: required' },
      { line: lineOf('"skus": []'), message: 'products[3].skus: must be a non-empty list of SKUs' },
      {
        line: lineOf('"not an object"'),
        message: 'products[4]: must be an object with title, category, currency and skus',
      },
    ]);
  });

  it('trims text, reads digit strings as stock, and reports a repeated spec by line', async () => {
    const r = okOf(
      await parseImportFile(
        JSON.stringify([
          product({
            title: ' Mug ',
            description: '  A mug.  ',
            images: [' https://img.example/1.jpg '],
            skus: [{ spec: ' A ', price: 2, stock: '3' }],
          }),
        ]),
      ),
    );
    expect(r.products).toEqual([
      {
        ...product(),
        description: 'A mug.',
        images: ['https://img.example/1.jpg'],
        currency: 'USD',
        skus: [{ spec: 'A', price: '2.00', stock: 3 }],
      },
    ]);
    const text = JSON.stringify(
      [
        product({
          images: ['/relative.jpg'],
          skus: [
            { sku_id: 's1', spec: 'Color: Red', price: '1.00', stock: 1 },
            { sku_id: 's2', spec: 'Color: Red', price: '1.00', stock: 1 },
            { sku_id: 's1', spec: 'Color: Blue', price: '1.00', stock: 1 },
          ],
        }),
      ],
      null,
      2,
    );
    const lines = text.split('\n');
    const lineOf = (needle: string, from = 0) =>
      lines.findIndex((l, i) => i >= from && l.includes(needle)) + 1;
    expect(errorsOf(await parseImportFile(text))).toEqual([
      {
        line: lineOf('/relative.jpg'),
        message: 'products[0].images[0]: "/relative.jpg" is not an http(s) URL',
      },
      {
        line: lineOf('"Color: Red"', lineOf('"s2"')),
        message: 'products[0].skus[1].spec: "Color: Red" repeats SKU #1 of this product',
      },
      {
        line: lineOf('"s1"', lineOf('"s2"')),
        message: `products[0].skus[2].sku_id: "s1" is already used at line ${lineOf('"s1"')}`,
      },
    ]);
  });

  it('reports syntax errors with their line, and wrong shapes', async () => {
    const errors = errorsOf(
      await parseImportFile('[\n  {"title": "a",\n   "skus": [}\n]', { format: 'json' }),
    );
    expect(errors).toEqual([{ line: 3, message: 'invalid JSON: expected a value, found "}"' }]);
    expect(errorsOf(await parseImportFile('{"items": []}'))[0]?.message).toBe(
      'expected an array of products, or {"products": [...]}',
    );
    expect(errorsOf(await parseImportFile('[]'))[0]?.message).toBe('the file holds no products');
  });

  it('strips a BOM', async () => {
    expect(
      okOf(await parseImportFile('\uFEFF' + JSON.stringify([product()]), { fileName: 'a.json' })).products,
    ).toHaveLength(1);
  });
});

describe('files larger than one batch (read a batch at a time)', () => {
  const many = IMPORT_BATCH * 2 + 7;
  const rows = Array.from({ length: many }, (_, i) => row({ goods_id: `g${i}`, sku_id: `s${i}` }));

  it('groups rows of one product that lie batches apart', async () => {
    const r = okOf(
      await parseImportFile(csv(...rows, row({ goods_id: 'g0', sku_id: 'late', spec: 'B' })), {
        format: 'csv',
      }),
    );
    expect(r.products).toHaveLength(many);
    expect(r.products[0]?.skus.map((s) => s.sku_id)).toEqual(['s0', 'late']);
    expect(r.skuCount).toBe(many + 1);
  });

  it('reports an id first used in an earlier batch, with the line of its first use', async () => {
    const errors = errorsOf(
      await parseImportFile(csv(...rows, row({ goods_id: 'last', sku_id: 's3' })), { format: 'csv' }),
    );
    expect(errors).toEqual([{ line: many + 2, message: 'sku_id: "s3" is already used at line 5' }]);

    const product = (i: number, goodsId = `g${i}`) =>
      JSON.stringify({
        goods_id: goodsId,
        title: 'Mug',
        category: 'Home',
        currency: 'USD',
        skus: [{ sku_id: `s${i}`, spec: 'A', price: '1.00', stock: 1 }],
      });
    const lines = [...Array.from({ length: many }, (_, i) => product(i)), product(many, 'g1')];
    expect(errorsOf(await parseImportFile(`[\n${lines.join(',\n')}\n]\n`))).toEqual([
      { line: many + 2, message: `products[${many}].goods_id: "g1" is already used at line 3` },
    ]);
  });

  it('reports a bad row at the very end, and nothing else', async () => {
    const errors = errorsOf(
      await parseImportFile(csv(...rows, row({ goods_id: 'last', sku_id: 'x', price: 'free' })), {
        format: 'csv',
      }),
    );
    expect(errors).toEqual([
      {
        line: many + 2,
        message: 'price: "free" is not an amount like 12.30 (at most 2 decimals, not negative)',
      },
    ]);
  });
});

describe('detectFormat', () => {
  it('trusts the extension, then the content', async () => {
    expect(detectFormat('[', 'a.CSV')).toBe('csv');
    expect(detectFormat('goods_id', 'a.json')).toBe('json');
    expect(detectFormat('\uFEFF  [{}]')).toBe('json');
    expect(detectFormat('goods_id,title')).toBe('csv');
  });
});

describe('progress', () => {
  it('reports rows validated up to the total', async () => {
    const calls: [number, number][] = [];
    okOf(
      await parseImportFile(
        csv(row(), row({ sku_id: 's2', spec: 'B' }), row({ goods_id: 'g2', sku_id: 's3' })),
        {
          format: 'csv',
          onProgress: (done, total) => calls.push([done, total]),
        },
      ),
    );
    expect(calls.at(-1)).toEqual([3, 3]);
  });
});
