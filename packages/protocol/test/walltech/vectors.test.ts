import { describe, expect, it } from 'vitest';
import {
  buildWalltechHeaders,
  parseWalltechDate,
  signWalltech,
  verifyWalltechRequest,
  walltechStringToSign,
} from '../../src/index.ts';
import { walltechVectors } from '../helpers/vectors.ts';

const FALLBACK_TOKEN = 'eTowerCaptureTokenXXXXXXXX'; // the captures do not publish theirs

describe('WallTech known-answer vectors', () => {
  it('includes both eTower captures from walltech.md', () => {
    const sigs = walltechVectors
      .filter((v) => v.source.startsWith('walltech.md'))
      .map((v) => [v.date, v.signature]);
    expect(sigs).toEqual([
      ['Fri, 16 Dec 2022 18:38:45 GMT', 'yWUH6sTKY3tDqfRMhnNZIWIVY6c='],
      ['Fri, 16 Dec 2022 20:02:56 GMT', 'HUWDj48o0U62zogRPeLNeTbGrZc='],
    ]);
  });

  for (const v of walltechVectors) {
    describe(v.name, () => {
      const token = v.token ?? FALLBACK_TOKEN;
      const now = parseWalltechDate(v.date)!;

      it('sign direction', () => {
        expect(walltechStringToSign(v.method, v.date, v.url)).toBe(v.stringToSign);
        expect(signWalltech(v.method, v.date, v.url, v.secretKey)).toBe(v.signature);
        const headers = buildWalltechHeaders({
          token,
          secretKey: v.secretKey,
          method: v.method,
          url: v.url,
          now,
        });
        expect(headers).toEqual({
          Authorization: `WallTech ${token}:${v.signature}`,
          'X-WallTech-Date': v.date,
        });
        if (v.authorization) expect(headers.Authorization).toBe(v.authorization);
      });

      it('verify direction', async () => {
        const record = { secretKey: v.secretKey, status: 'active' as const, readOnly: true };
        const r = await verifyWalltechRequest(
          {
            method: v.method,
            url: v.url,
            headers: { authorization: `WallTech ${token}:${v.signature}`, 'x-walltech-date': v.date },
          },
          { lookupToken: async (t) => (t === token ? record : null), now },
        );
        expect(r).toEqual({ ok: true, value: { token: record } });
      });
    });
  }
});
