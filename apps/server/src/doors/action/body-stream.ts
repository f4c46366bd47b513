import type { IncomingMessage } from 'node:http';
import type { Transform } from 'node:stream';
import { createGunzip, createInflate, createInflateRaw } from 'node:zlib';

/**
 * Reads an Action API POST body as UTF-8 text, undoing `Content-Encoding: gzip` or `deflate`
 * (action-api.md, "Clients in the wild": one public SDK gzips every body). `limit` bounds both the
 * bytes on the wire and the bytes after decompression: a compression bomb is cut off as soon as
 * its output passes the limit, so memory and CPU stay bounded whatever the ratio.
 *
 * Failures carry the HTTP status the door's error handler maps to an envelope: 413 → E011,
 * 400/415 → E005.
 */
export function readBody(payload: IncomingMessage, limit: number): Promise<string> {
  const encoding = contentEncoding(payload.headers['content-encoding']);
  if (encoding === null) return Promise.reject(httpError(415, 'unsupported Content-Encoding'));
  const declared = Number(payload.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(httpError(413, 'body too large'));

  return new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let wire = 0;
    let decoded = 0;
    let settled = false;
    let decoder = null as Transform | null;

    const finish = (err: Error | null) => {
      if (settled) return;
      settled = true;
      payload.removeListener('data', onWire);
      decoder?.destroy();
      // What is left of the request is read and dropped by Node once the answer is sent.
      if (err) reject(err);
      else resolve(Buffer.concat(chunks, decoded).toString('utf8'));
    };
    const onDecoded = (chunk: Buffer) => {
      decoded += chunk.length;
      if (decoded > limit) return finish(httpError(413, 'decompressed body too large'));
      chunks.push(chunk);
    };
    const onWire = (chunk: Buffer) => {
      wire += chunk.length;
      if (wire > limit) return finish(httpError(413, 'body too large'));
      if (encoding === 'identity') return onDecoded(chunk);
      const d = (decoder ??= startDecoder(chunk));
      // Backpressure: stop reading the socket while the decoder catches up.
      if (!d.write(chunk)) {
        payload.pause();
        d.once('drain', () => payload.resume());
      }
    };

    const startDecoder = (first: Buffer): Transform => {
      const d = decoderFor(encoding as Exclude<Encoding, 'identity'>, first);
      d.on('data', onDecoded);
      d.on('end', () => finish(null));
      d.on('error', () => finish(httpError(400, `malformed ${encoding} body`)));
      return d;
    };

    payload.on('data', onWire);
    payload.on('end', () => {
      if (settled) return;
      if (encoding === 'identity') return finish(null);
      if (decoder === null) return finish(null); // an empty compressed body is an empty body
      decoder.end();
    });
    payload.on('error', () => finish(httpError(400, 'request aborted')));
    payload.on('aborted', () => finish(httpError(400, 'request aborted')));
  });
}

type Encoding = 'identity' | 'gzip' | 'deflate';

/** One coding we can undo (or none); null for anything else, including stacked codings. */
function contentEncoding(header: string | string[] | undefined): Encoding | null {
  if (header === undefined) return 'identity';
  if (Array.isArray(header)) return null;
  const codings = header
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== '' && c !== 'identity');
  if (codings.length === 0) return 'identity';
  if (codings.length > 1) return null;
  if (codings[0] === 'gzip' || codings[0] === 'x-gzip') return 'gzip';
  if (codings[0] === 'deflate') return 'deflate';
  return null;
}

/**
 * HTTP's `deflate` is the zlib format, but some clients send a raw deflate stream under that name;
 * the first two bytes tell them apart (a zlib header is method 8 with a checksum divisible by 31).
 */
function decoderFor(encoding: Exclude<Encoding, 'identity'>, first: Buffer): Transform {
  if (encoding === 'gzip') return createGunzip();
  const zlibHeader =
    first.length >= 2 && (first[0]! & 0x0f) === 8 && ((first[0]! << 8) | first[1]!) % 31 === 0;
  return zlibHeader ? createInflate() : createInflateRaw();
}

function httpError(statusCode: number, message: string): Error & { statusCode: number } {
  return Object.assign(new Error(message), { statusCode });
}
