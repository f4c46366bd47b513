/**
 * Splits a streamed JSON catalog file (an array of products, or `{"products": [...]}`) into the
 * text of each product, with the line it starts on, so each can be parsed on its own and the
 * whole file is never held. It reads the structure around the products itself (and reports a
 * mistake there by line, in the words of json-locator.ts); inside a value it only follows strings
 * and brackets, so each value's own syntax is left to JSON.parse (see `parseValue`).
 */
import { fieldMessage } from '@tradepost/web-contract';
import { JsonSyntaxError, expectedMessage, locateJsonValues } from './json-locator.ts';

export const SHAPE_MESSAGE = fieldMessage('jsonShape');

/** Thrown for a file that is JSON but not a catalog's shape. */
export class JsonShapeError extends Error {}

const enum C {
  NL = 10,
  CR = 13,
  SP = 32,
  TAB = 9,
  QUOTE = 34,
  BACKSLASH = 92,
  COMMA = 44,
  COLON = 58,
  LBRACKET = 91,
  RBRACKET = 93,
  LBRACE = 123,
  RBRACE = 125,
  BOM = 0xfeff,
}

type State =
  | 'start'
  | 'objFirst' // after `{`
  | 'objKey' // after `,` in the root object
  | 'objColon'
  | 'objValue'
  | 'objAfter'
  | 'arrFirst' // after the products array's `[`
  | 'arrValue' // after `,` in it
  | 'arrAfter'
  | 'end';

/** Which value a capture is: a product, a root object's key, or another key's value. */
type Role = 'product' | 'key' | 'other' | 'notArray';

interface Capture {
  role: Role;
  kind: 'compound' | 'string' | 'literal';
  parts: string[];
  line: number;
  depth: number;
  inString: boolean;
  escape: boolean;
}

const isLiteralChar = (c: number) =>
  (c >= 48 && c <= 57) || (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 45 || c === 43 || c === 46;

export class JsonProductSplitter {
  private state: State = 'start';
  private line = 1;
  private cap: Capture | null = null;
  private key = '';
  private wrapped = false;
  private sawProducts = false;

  /** `onProduct` gets each product's text and start line, in order. */
  constructor(private readonly onProduct: (text: string, line: number) => void) {}

  push(chunk: string): void {
    let i = 0;
    const n = chunk.length;
    while (i < n) {
      if (this.cap) {
        i = this.follow(chunk, i);
        continue;
      }
      const c = chunk.charCodeAt(i);
      if (c === C.NL) this.line++;
      else if (c !== C.SP && c !== C.TAB && c !== C.CR && c !== C.BOM) {
        this.token(chunk, i, c);
        if (this.cap) continue; // the capture starts at this character
      }
      i++;
    }
  }

  end(): void {
    const cap = this.cap;
    if (cap?.kind === 'literal') this.finish(cap.parts.join(''));
    else if (cap)
      this.fail(fieldMessage(cap.kind === 'string' ? 'closingQuote' : 'aValue'), fieldMessage('endOfFile'));
    if (this.state !== 'end') this.fail(this.expected(), fieldMessage('endOfFile'));
    if (this.wrapped && !this.sawProducts) throw new JsonShapeError(SHAPE_MESSAGE);
  }

  private expected(): string {
    switch (this.state) {
      case 'objFirst':
      case 'objKey':
        return JSON.stringify('"');
      case 'objColon':
        return JSON.stringify(':');
      case 'objAfter':
        return JSON.stringify('}');
      case 'arrAfter':
        return JSON.stringify(']');
      case 'end':
        return fieldMessage('endOfFile');
      default:
        return fieldMessage('aValue');
    }
  }

  private fail(what: string, found: string): never {
    throw new JsonSyntaxError(expectedMessage(what, found), this.line);
  }

  private token(chunk: string, i: number, c: number): void {
    const unexpected = () => this.fail(this.expected(), JSON.stringify(chunk[i]));
    switch (this.state) {
      case 'start':
        if (c === C.LBRACKET) this.state = 'arrFirst';
        else if (c === C.LBRACE) {
          this.wrapped = true;
          this.state = 'objFirst';
        } else throw new JsonShapeError(SHAPE_MESSAGE);
        return;
      case 'objFirst':
      case 'objKey':
        if (c === C.RBRACE && this.state === 'objFirst') this.state = 'end';
        else if (c === C.QUOTE) this.capture('key', chunk, i, c);
        else unexpected();
        return;
      case 'objColon':
        if (c !== C.COLON) unexpected();
        this.state = 'objValue';
        return;
      case 'objValue':
        if (this.key === 'products' && c === C.LBRACKET) {
          this.sawProducts = true;
          this.state = 'arrFirst';
        } else this.capture(this.key === 'products' ? 'notArray' : 'other', chunk, i, c);
        return;
      case 'objAfter':
        if (c === C.COMMA) this.state = 'objKey';
        else if (c === C.RBRACE) this.state = 'end';
        else unexpected();
        return;
      case 'arrFirst':
        if (c === C.RBRACKET) this.closeArray();
        else this.capture('product', chunk, i, c);
        return;
      case 'arrValue':
        if (c === C.RBRACKET || c === C.COMMA) unexpected();
        this.capture('product', chunk, i, c);
        return;
      case 'arrAfter':
        if (c === C.COMMA) this.state = 'arrValue';
        else if (c === C.RBRACKET) this.closeArray();
        else unexpected();
        return;
      case 'end':
        unexpected();
    }
  }

  private closeArray(): void {
    this.state = this.wrapped ? 'objAfter' : 'end';
  }

  private capture(role: Role, chunk: string, i: number, c: number): void {
    const kind = c === C.LBRACE || c === C.LBRACKET ? 'compound' : c === C.QUOTE ? 'string' : 'literal';
    if (kind === 'literal' && !isLiteralChar(c)) this.fail(fieldMessage('aValue'), JSON.stringify(chunk[i]));
    this.cap = { role, kind, parts: [], line: this.line, depth: 0, inString: false, escape: false };
  }

  /** Follows the capture from `chunk[from]`; returns where it stopped (the chunk's end if still open). */
  private follow(chunk: string, from: number): number {
    const cap = this.cap!;
    const n = chunk.length;
    let i = from;
    let done = false;
    for (; i < n && !done; i++) {
      const c = chunk.charCodeAt(i);
      if (c === C.NL) this.line++;
      if (cap.inString) {
        if (cap.escape) cap.escape = false;
        else if (c === C.BACKSLASH) cap.escape = true;
        else if (c === C.QUOTE) {
          cap.inString = false;
          done = cap.kind === 'string';
        }
      } else if (cap.kind === 'literal') {
        if (!isLiteralChar(c)) {
          if (c === C.NL) this.line--; // not part of the literal: counted again outside it
          break;
        }
      } else if (c === C.QUOTE) cap.inString = true;
      else if (c === C.LBRACE || c === C.LBRACKET) cap.depth++;
      else if (c === C.RBRACE || c === C.RBRACKET) done = --cap.depth === 0;
    }
    if (!done && i === n) {
      // The value (a literal too) may go on in the next chunk.
      cap.parts.push(chunk.slice(from));
      return n;
    }
    cap.parts.push(chunk.slice(from, i));
    this.finish(cap.parts.join(''));
    return i;
  }

  private finish(text: string): void {
    const cap = this.cap!;
    this.cap = null;
    switch (cap.role) {
      case 'product':
        this.onProduct(text, cap.line);
        this.state = 'arrAfter';
        return;
      case 'key':
        this.key = parseValue(text, cap.line) as string;
        this.state = 'objColon';
        return;
      case 'other':
        parseValue(text, cap.line);
        this.state = 'objAfter';
        return;
      case 'notArray':
        parseValue(text, cap.line);
        throw new JsonShapeError(SHAPE_MESSAGE);
    }
  }
}

/** JSON.parse of one value that starts on `line`; a syntax error is thrown with its own line. */
export function parseValue(text: string, line: number): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    try {
      locateJsonValues(text);
    } catch (e) {
      if (e instanceof JsonSyntaxError) throw new JsonSyntaxError(e.message, line + e.line - 1);
    }
    // The scanner accepted what JSON.parse refused: fall back to the parser's own words.
    throw new JsonSyntaxError(
      fieldMessage('invalidJson', { detail: cause instanceof Error ? cause.message : String(cause) }),
      line,
    );
  }
}
