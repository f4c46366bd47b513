import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as api from '../src/index.ts';
import { expectExampleDoc, expectHouseFileRules, reExports } from './helpers/public-surface.ts';

const SRC = new URL('../src/', import.meta.url);
const indexText = readFileSync(new URL('index.ts', SRC), 'utf8');

/** Every name src/index.ts exports, types included, with the module it comes from. */
const exportedNames = (): [string, string][] =>
  reExports(indexText, "\\./[^']+").map(([name, from]) => [name, from.slice(2)]);

describe('public API', () => {
  it('exports exactly the runtime values of the contract (plus documented additions)', () => {
    expect(Object.keys(api).sort()).toEqual(
      [
        'ACTION_ERRORS',
        'BEND_CODES',
        'MemoryNonceStore',
        'ProtocolError',
        'actionError',
        'actionStringToSign',
        'bendSignString',
        'buildActionQuery',
        'buildBendRequest',
        'buildBendResponse',
        'buildWalltechHeaders',
        'decryptBendData',
        'encryptBendData',
        'extractBendAuth',
        'formatActionTimestamp',
        'isBendAppId',
        'isBendKey',
        'isWalltechToken',
        'parseActionTimestamp',
        'parseWalltechAuthorization',
        'parseWalltechDate',
        'signAction',
        'signBend',
        'signWalltech',
        'verifyActionRequest',
        'verifyBendRequest',
        'verifyBendResponse',
        'verifyWalltechRequest',
        'walltechDate',
        'walltechStringToSign',
        'WEBHOOK_EVENT_TYPES',
        'buildWebhookSignatureHeader',
        'isWebhookEventType',
        'isWebhookSecret',
        'parseWebhookSignatureHeader',
        'signWebhookPayload',
        'verifyWebhookSignature',
      ].sort(),
    );
  });

  it('never re-exports src/internal/', () => {
    expect(indexText).not.toMatch(/from '\.\/internal\//);
  });

  it.each(exportedNames())('%s has TSDoc with an @example (from %s)', (name, file) => {
    expectExampleDoc(readFileSync(new URL(file, SRC), 'utf8'), name);
  });

  it('keeps kebab-case file names and files under ~400 lines', () => {
    expectHouseFileRules(SRC);
  });
});

describe('format guards', () => {
  it('isBendAppId: app_ + 24 lowercase hex chars, nothing else', () => {
    expect(api.isBendAppId('app_0123456789abcdef01234567')).toBe(true);
    for (const v of [
      'app_0123456789ABCDEF01234567',
      'app_0123456789abcdef0123456',
      ' app_0123456789abcdef01234567',
      42,
      null,
    ]) {
      expect(api.isBendAppId(v), String(v)).toBe(false);
    }
  });

  it('isWalltechToken: exactly 26 chars from [A-Za-z0-9]', () => {
    expect(api.isWalltechToken('0123456789ABCDEFGHIJabcdef')).toBe(true);
    for (const v of [
      '0123456789ABCDEFGHIJabcde',
      '0123456789ABCDEFGHIJabcdefg',
      '0123456789ABCDEFGHIJabcde-',
      26,
      undefined,
    ]) {
      expect(api.isWalltechToken(v), String(v)).toBe(false);
    }
  });
});
