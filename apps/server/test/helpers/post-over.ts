/**
 * A request over a node:http Agent, for tests of connections at a server's stop: unlike fetch, a
 * failure says whether the request went over a reused (kept-alive) socket or a new one. A reset
 * new connection is one the kernel had queued when the listening socket closed (never read by
 * the server); a reset reused one would be a request the server cut.
 */
import { type Agent, request } from 'node:http';
import type { RawResponse } from './bend-http.ts';

export interface PostError extends Error {
  code?: string;
  reusedSocket?: boolean;
}

/** Sends `init` (method, headers, a string body) over `agent`; answers the parsed JSON body. */
export function postOver(agent: Agent, url: string, init: RequestInit): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { agent, method: init.method, headers: init.headers as Record<string, string> },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () =>
          resolve({ status: res.statusCode!, body: JSON.parse(text) as Record<string, unknown> }),
        );
        res.on('error', fail);
      },
    );
    function fail(e: PostError) {
      e.reusedSocket = req.reusedSocket;
      reject(e);
    }
    req.on('error', fail);
    req.end(init.body as string);
  });
}
