import { readFileSync } from 'node:fs';
import { BEND_CODES } from '@tradepost/protocol';
import { describe, expect, it } from 'vitest';
import * as api from '../src/index.ts';
import {
  expectExampleDoc,
  expectHouseFileRules,
  reExports,
} from '../../protocol/test/helpers/public-surface.ts';

const SRC = new URL('../src/', import.meta.url);
const indexText = readFileSync(new URL('index.ts', SRC), 'utf8');

const PROTOCOL_SRC = new URL('../../protocol/src/', import.meta.url);

/** Every name src/index.ts exports, types included, with the module it comes from (once each). */
function exportedNames(): [string, string][] {
  const out = reExports(indexText, "\\./[^']+").map(([name, from]): [string, string] => [
    name,
    from.slice(2),
  ]);
  return [...new Map(out.map((e) => [e.join(' '), e])).values()];
}

/**
 * The file that declares `name`: `file` itself, or, for a type `file` re-exports from
 * `@tradepost/protocol`, the protocol module that declares it (its TSDoc lives there).
 */
function declaringFile(name: string, file: string): URL {
  const text = readFileSync(new URL(file, SRC), 'utf8');
  if (!reExports(text, '@tradepost/protocol').some(([n]) => n === name)) return new URL(file, SRC);
  const protocolIndex = readFileSync(new URL('index.ts', PROTOCOL_SRC), 'utf8');
  const from = reExports(protocolIndex, "\\./[^']+").find(([n]) => n === name)?.[1];
  expect(from, `${name}: not exported by @tradepost/protocol`).toBeDefined();
  return new URL(from!, PROTOCOL_SRC);
}

describe('public API', () => {
  it('exports exactly the runtime values of the contract (plus documented additions)', () => {
    expect(Object.keys(api).sort()).toEqual(
      [
        'AuthenticationError',
        'BadRequestError',
        'ConflictError',
        'ConnectionError',
        'ConnectionTimeoutError',
        'ErrorCode',
        'InsufficientCreditError',
        'InternalServerError',
        'NotFoundError',
        'PagePromise',
        'PermissionDeniedError',
        'RateLimitError',
        'SignatureVerificationError',
        'Tradepost',
        'TradepostError',
        'UserAbortError',
        'WebhookVerificationError',
        'default',
        'webhooks',
      ].sort(),
    );
    expect(api.default).toBe(api.Tradepost);
  });

  it('never re-exports src/internal/', () => {
    expect(indexText).not.toMatch(/from '\.\/internal\//);
  });

  it.each(exportedNames())('%s has TSDoc with an @example (from %s)', (name, file) => {
    expectExampleDoc(readFileSync(declaringFile(name, file), 'utf8'), name);
  });

  it('keeps kebab-case file names and files under ~400 lines', () => {
    expectHouseFileRules(SRC);
  });
});

describe('ErrorCode', () => {
  it('names every non-zero code of BEND_CODES, under the name the table gives it', () => {
    expect(api.ErrorCode).toEqual({
      InvalidSignature: 1001,
      AppNotFound: 1002,
      AppDisabled: 1003,
      MissingAuthHeader: 1004,
      InvalidTimestamp: 1005,
      DecryptionFailed: 1006,
      ReplayedRequest: 1007,
      InsufficientCredit: 2001,
      DuplicateOrder: 2002,
      OrderNotCancellable: 2003,
      ProductNotFound: 3001,
      ProductOutOfStock: 3002,
      OrderNotFound: 3003,
      BatchNotFound: 3004,
      InvalidParameters: 4001,
      RateLimited: 4029,
      InternalServerError: 5001,
    });
    for (const [name, code] of Object.entries(api.ErrorCode)) {
      expect(BEND_CODES[code].name).toBe(name);
    }
    expect(Object.isFrozen(api.ErrorCode)).toBe(true);
  });
});
