/**
 * JSON catalog files: an array of products, or `{ "products": [...] }` (the shape an export or
 * a B-End page's `items` is easily turned into). Issues carry the line where the offending value
 * starts, and its index path, e.g. `products[3].skus[1].price`. The file is streamed: each
 * product is split out and parsed on its own (json-split.ts), never the whole file at once.
 */
import { JsonSyntaxError, lineOfPath, locateJsonValues } from './json-locator.ts';
import type { JsonPath } from './json-locator.ts';
import { JsonProductSplitter, JsonShapeError, SHAPE_MESSAGE, parseValue } from './json-split.ts';
import { IMPORT_BATCH, ImportFault } from './import-issues.ts';
import type { FieldLocator, ProductReader, RawProduct } from './import-issues.ts';
import type { ImportSource } from './import-source.ts';
import { formatInputPath } from '../modules/catalog/catalog.service.ts';

export function jsonReader(source: ImportSource): ProductReader {
  /** Every product's text and start line, in order, from one read of the file. */
  async function* split(): AsyncGenerator<{ text: string; line: number }[]> {
    let found: { text: string; line: number }[] = [];
    const splitter = new JsonProductSplitter((text, line) => found.push({ text, line }));
    try {
      for await (const chunk of source.read()) {
        splitter.push(chunk);
        if (found.length >= IMPORT_BATCH) {
          yield found;
          found = [];
        }
      }
      // What came before the end first: a syntax error inside it is the one to report.
      if (found.length > 0) yield found;
      found = [];
      splitter.end();
    } catch (e) {
      if (e instanceof JsonSyntaxError) throw new ImportFault({ line: e.line, message: e.message });
      if (e instanceof JsonShapeError) throw new ImportFault({ line: 1, message: SHAPE_MESSAGE });
      throw e;
    }
    if (found.length > 0) yield found;
  }

  const parse = (text: string, line: number) => {
    try {
      return parseValue(text, line);
    } catch (e) {
      if (e instanceof JsonSyntaxError) throw new ImportFault({ line: e.line, message: e.message });
      throw e;
    }
  };

  return {
    async scan() {
      let rows = 0;
      for await (const found of split()) {
        // Parsed here too, so a syntax error is reported where it is, before what follows it.
        for (const { text, line } of found) parse(text, line);
        rows += found.length;
      }
      return { rows };
    },

    async *products() {
      let index = 0;
      for await (const found of split()) {
        yield found.map(({ text, line }): RawProduct => ({
          raw: parse(text, line),
          at: new JsonLocator(text, line, index++),
          rows: 1,
        }));
      }
    },
  };
}

/** Where a product's fields sit: found in its own text, only once a line is wanted. */
class JsonLocator implements FieldLocator {
  private lines: Map<string, number> | undefined;

  constructor(
    private readonly text: string,
    private readonly startLine: number,
    private readonly index: number,
  ) {}

  line(path: JsonPath): number {
    this.lines ??= locateJsonValues(this.text);
    return lineOfPath(this.lines, path) + this.startLine - 1;
  }

  label(path: JsonPath): string {
    return formatInputPath([this.index, ...path]);
  }
}
