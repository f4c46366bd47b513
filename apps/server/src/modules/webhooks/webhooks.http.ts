import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import {
  type AddressPolicy,
  BlockedAddressError,
  hostOf,
  resolveDeliveryAddress,
  urlProblem,
} from './webhooks.address.ts';

/** What one POST came to, as the attempt log records it. */
export interface AttemptOutcome {
  /** A 2xx within the timeout: the only success (webhooks.md "Delivery guarantees"). */
  ok: boolean;
  statusCode: number | null;
  latencyMs: number;
  /** Why there is no usable answer: `timeout`, `blocked_address: …`, `connection: …`; null if answered. */
  error: string | null;
  /** The first 1 KB of the response body (UTF-8, lossy at the cut). */
  excerpt: string | null;
}

export const EXCERPT_BYTES = 1024;

// Connections are reused per origin: a kept-alive socket was opened to an address checked then.
const agents = {
  http: new http.Agent({ keepAlive: true, maxSockets: 64, maxFreeSockets: 16, timeout: 30_000 }),
  https: new https.Agent({ keepAlive: true, maxSockets: 64, maxFreeSockets: 16, timeout: 30_000 }),
};

/**
 * One delivery attempt: resolves and checks the host (SSRF rule), then POSTs `body` to exactly that
 * address with `headers`. Redirects are not followed (a 3xx is a failure). The whole attempt —
 * resolving, connecting, sending, reading up to 1 KB of the answer — is cut at `timeoutMs`; an
 * answer whose status arrived by then counts by that status (its excerpt: what came of the body).
 * Never throws: every way it can go wrong is an outcome.
 */
export function postOnce(
  rawUrl: string,
  body: string,
  headers: Record<string, string>,
  opts: { timeoutMs: number; policy: AddressPolicy },
): Promise<AttemptOutcome> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const failed = (error: string, statusCode: number | null = null): AttemptOutcome => ({
    ok: false,
    statusCode,
    latencyMs: elapsed(),
    error,
    excerpt: null,
  });
  const problem = urlProblem(rawUrl, opts.policy, 'merchant'); // kept in the attempt log merchants read
  if (problem) return Promise.resolve(failed(`blocked_address: the URL ${problem}`));
  const url = new URL(rawUrl);

  return new Promise<AttemptOutcome>((resolve) => {
    let settled = false;
    let req: http.ClientRequest | null = null;
    const finish = (o: AttemptOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(o);
    };
    // Set once the status line is in: the cut then settles on that status, with the excerpt so
    // far. webhooks.md: a 2xx within 10 s is success, however slowly its body follows.
    let answered: (() => void) | null = null;
    const timer = setTimeout(() => {
      if (answered) answered();
      else finish(failed('timeout'));
      req?.destroy();
    }, opts.timeoutMs);

    resolveDeliveryAddress(hostOf(url), opts.policy).then(
      ({ address, family }) => {
        if (settled) return;
        // The connection goes to the address just checked, whatever DNS says a moment later.
        const lookup: LookupFunction = (_host, options, cb) => {
          if ((options as { all?: boolean }).all) {
            (cb as unknown as (e: null, a: Array<{ address: string; family: number }>) => void)(null, [
              { address, family },
            ]);
          } else cb(null, address, family);
        };
        const isHttps = url.protocol === 'https:';
        const data = Buffer.from(body, 'utf8');
        req = (isHttps ? https : http).request(url, {
          method: 'POST',
          agent: isHttps ? agents.https : agents.http,
          lookup,
          headers: { ...headers, 'Content-Length': String(data.length) },
        });
        req.on('error', (err: NodeJS.ErrnoException) =>
          finish(failed(`connection: ${err.code ?? err.message}`)),
        );
        req.on('response', (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          const done = () => {
            const status = res.statusCode ?? 0;
            finish({
              ok: status >= 200 && status < 300,
              statusCode: status,
              latencyMs: elapsed(),
              error: null,
              // PostgreSQL text cannot hold U+0000: an answer with one would fail its cycle's
              // unit, and with it every delivery recorded there, at every retry.
              excerpt: Buffer.concat(chunks)
                .subarray(0, EXCERPT_BYTES)
                .toString('utf8')
                .replaceAll('\0', '\uFFFD'),
            });
          };
          answered = done;
          res.on('data', (chunk: Buffer) => {
            if (size < EXCERPT_BYTES) chunks.push(chunk);
            size += chunk.length;
            // Enough for the log: stop reading a large answer rather than wait for all of it.
            if (size >= EXCERPT_BYTES) {
              done();
              res.destroy();
            }
          });
          res.on('end', done);
          res.on('error', done);
        });
        req.end(data);
      },
      (err: unknown) =>
        finish(
          failed(
            err instanceof BlockedAddressError
              ? `blocked_address: ${err.message}`
              : `dns: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
          ),
        ),
    );
  });
}
