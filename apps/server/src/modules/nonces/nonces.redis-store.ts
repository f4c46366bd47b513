import type { SharedRedis } from '../../shared/redis.ts';
import type { DbNonceStore } from './nonces.service.ts';

/**
 * The replay guard in Redis (REDIS_URL): a claim is `SET key 1 NX PX ttl`, one command, atomic,
 * seen by every process at once; the key expires with the request's timestamp window, so there
 * is nothing to purge. Claims made in the same tick share one pipelined round trip.
 *
 * Redis keeps keys in memory: a Redis restart without persistence forgets every claim, and an
 * eviction policy other than `noeviction` may drop claims under memory pressure
 * (docs/scaling.md). After a restart this store refuses (as replays) requests whose signed
 * timestamp is older than the restart, so a captured request replayed later is still refused
 * when its signer's clock was right; what remains open is a request from a client whose clock
 * runs ahead of Redis' restart by up to the window.
 */
export function createRedisNonceStore(redis: SharedRedis, windowSeconds: number): DbNonceStore {
  return {
    claim(appId, nonce, expiresAt) {
      // expiresAt = the request's timestamp + the window (protocol's verifyBendRequest).
      if (expiresAt - windowSeconds < redis.startedAt()) return Promise.resolve(false);
      const ttlMs = Math.max(1000, expiresAt * 1000 - Date.now());
      return redis.run(
        async (c) => (await c.set(`${redis.prefix}nonce:${appId}:${nonce}`, '1', 'PX', ttlMs, 'NX')) === 'OK',
      );
    },
    purgeExpired: async () => 0,
    stop() {},
  };
}
