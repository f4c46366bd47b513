import type { Redis } from 'ioredis';
import { burstFor, gcraState, type RateLimiter } from './rate-limit.ts';
import type { SharedRedis } from './redis.ts';

/**
 * GCRA, the token bucket as one timestamp per key: the key holds the bucket's "theoretical
 * arrival time" (tat, ms). A request is allowed when tat + interval - burst·interval ≤ now, and
 * then moves tat one interval on. Atomic because Redis runs a script alone; `now` is Redis' own
 * clock, so every process measures against one clock. The key expires when the bucket is full.
 * Answers {wait ms, tat - now ms} as strings (Lua would truncate numbers to integers).
 */
const GCRA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local interval = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < now then tat = now end
local allowAt = tat + interval - burst * interval
if allowAt > now then
  return {string.format('%.3f', allowAt - now), string.format('%.3f', tat - now)}
end
tat = tat + interval
redis.call('SET', KEYS[1], string.format('%.3f', tat), 'PX', math.ceil(tat - now))
return {'0', string.format('%.3f', tat - now)}
`;

type GcraClient = Redis & {
  tradepostGcra(key: string, interval: number, burst: number): Promise<[string, string]>;
};

/**
 * Rate limits shared by every process on one Redis: one EVALSHA per request (pipelined with the
 * others of the same tick). Redis down → StoreUnavailableError (503).
 */
export function createRedisRateLimiter(
  redis: SharedRedis,
  opts: { perSecond: number; burst?: number },
): RateLimiter {
  const burst = burstFor(opts.perSecond, opts.burst);
  const interval = 1000 / opts.perSecond;
  const client = redis.client as GcraClient;
  if (typeof client.tradepostGcra !== 'function')
    client.defineCommand('tradepostGcra', { numberOfKeys: 1, lua: GCRA });
  return {
    consume: (key) =>
      redis.run(async () => {
        const [wait, ahead] = await client.tradepostGcra(`${redis.prefix}rl:${key}`, interval, burst);
        return gcraState(opts.perSecond, burst, 0, Number(ahead), Number(wait));
      }),
  };
}
