/**
 * JSON.parse tells neither where each value sits nor (on Node 20) where a syntax error is. This
 * small recursive-descent scanner does both, so import errors can name a line. It only runs when
 * something is wrong, so the happy path pays nothing for it.
 */
import { fieldMessage } from '@tradepost/web-contract';

export type JsonPath = readonly (string | number)[];

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

/**
 * A syntax error's words (the catalog's jsonExpected): `what` should have come where `found` is,
 * each a character (quoted) or "a value", "closing quote", "end of file".
 */
export function expectedMessage(what: string, found: string): string {
  return fieldMessage('invalidJson', { detail: fieldMessage('jsonExpected', { what, found }) });
}

export const pathKey = (path: JsonPath): string => path.map(String).join('\u0000');

/** Maps every value's path to the 1-based line where it starts; throws JsonSyntaxError. */
export function locateJsonValues(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  let pos = 0;
  let line = 1;

  const fail = (what: string): never => {
    const found = pos < text.length ? JSON.stringify(text[pos]) : fieldMessage('endOfFile');
    throw new JsonSyntaxError(expectedMessage(what, found), line);
  };
  const skipSpace = () => {
    for (; pos < text.length; pos++) {
      const c = text[pos];
      if (c === '\n') line++;
      else if (c !== ' ' && c !== '\t' && c !== '\r' && c !== '\uFEFF') break;
    }
  };
  const expect = (c: string) => {
    if (text[pos] !== c) fail(JSON.stringify(c));
    pos++;
  };
  const readString = (): string => {
    const start = pos;
    expect('"');
    for (; pos < text.length; pos++) {
      const c = text[pos];
      if (c === '\\') pos++;
      else if (c === '"') break;
      else if (c === '\n') fail(fieldMessage('closingQuote'));
    }
    expect('"');
    return JSON.parse(text.slice(start, pos)) as string;
  };
  const readLiteral = () => {
    const m = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(
      text.slice(pos, pos + 400),
    );
    if (!m) fail(fieldMessage('aValue'));
    pos += (m as RegExpExecArray)[0].length;
  };
  const readValue = (path: (string | number)[]) => {
    skipSpace();
    lines.set(pathKey(path), line);
    const c = text[pos];
    if (c === '{') {
      pos++;
      skipSpace();
      if (text[pos] === '}') return void pos++;
      for (;;) {
        skipSpace();
        const key = readString();
        skipSpace();
        expect(':');
        readValue([...path, key]);
        skipSpace();
        if (text[pos] === ',') pos++;
        else return expect('}');
      }
    }
    if (c === '[') {
      pos++;
      skipSpace();
      if (text[pos] === ']') return void pos++;
      for (let i = 0; ; i++) {
        readValue([...path, i]);
        skipSpace();
        if (text[pos] === ',') pos++;
        else return expect(']');
      }
    }
    if (c === '"') return void readString();
    readLiteral();
  };

  readValue([]);
  skipSpace();
  if (pos < text.length) fail(fieldMessage('endOfFile'));
  return lines;
}

/** The line of `path`, or of its nearest located ancestor (a missing field points at its object). */
export function lineOfPath(lines: Map<string, number>, path: JsonPath): number {
  for (let n = path.length; n >= 0; n--) {
    const found = lines.get(pathKey(path.slice(0, n)));
    if (found !== undefined) return found;
  }
  return 1;
}
