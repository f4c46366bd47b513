/**
 * What an import reads: text the caller already holds (the console's upload), or a file streamed
 * from disk a chunk at a time (the CLI), readable more than once.
 */
import { createReadStream } from 'node:fs';

export interface ImportSource {
  /** The text from its start, in chunks (UTF-8 decoded, a character never split). */
  read(): AsyncIterable<string>;
}

export function textSource(text: string): ImportSource {
  return {
    async *read() {
      yield text;
    },
  };
}

/** Chunks of this size keep what is in flight small next to the products built from it. */
const FILE_CHUNK = 256 * 1024;

export function fileSource(path: string): ImportSource {
  return {
    read: () => createReadStream(path, { encoding: 'utf8', highWaterMark: FILE_CHUNK }),
  };
}

/** The text's first chunk (where its format shows), or '' for an empty file. */
export async function firstChunk(source: ImportSource): Promise<string> {
  for await (const chunk of source.read()) return chunk;
  return '';
}
