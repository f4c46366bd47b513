import { MemoryNonceStore, type BendKeys } from '../../src/index.ts';

export const APP_ID = 'app_0123456789abcdef01234567';
export const KEYS: BendKeys = {
  secretKey: 'A'.repeat(16) + 'b'.repeat(8) + '01234567',
  signKey: 'SignKey0123456789abcdefghijklmno',
};
export const NOW = new Date('2026-11-22T18:41:00Z');
export const NOW_SECONDS = String(NOW.getTime() / 1000);

export interface TestApp extends BendKeys {
  appId: string;
  merchantId: string;
  status: 'active' | 'disabled';
}

export function appStore(overrides: Partial<TestApp> = {}) {
  const app: TestApp = { appId: APP_ID, merchantId: 'm_1', status: 'active', ...KEYS, ...overrides };
  const lookups: string[] = [];
  return {
    app,
    lookups,
    lookupApp: async (appId: string) => {
      lookups.push(appId);
      return appId === app.appId ? app : null;
    },
  };
}

/** A nonce store that records what the verifier asked, on top of the real in-memory one. */
export function spyNonceStore(now = () => NOW.getTime() / 1000) {
  const inner = new MemoryNonceStore({ now });
  const claims: [string, string, number][] = [];
  return {
    claims,
    claim(appId: string, nonce: string, expiresAt: number) {
      claims.push([appId, nonce, expiresAt]);
      return inner.claim(appId, nonce, expiresAt);
    },
  };
}
