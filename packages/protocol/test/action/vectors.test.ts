import { describe, expect, it } from 'vitest';
import {
  actionStringToSign,
  buildActionQuery,
  parseActionTimestamp,
  signAction,
  verifyActionRequest,
} from '../../src/index.ts';
import { actionVectors } from '../helpers/vectors.ts';

describe('Action API known-answer vectors', () => {
  it('includes both SellerCenter reference vectors from action-api.md', () => {
    const feed = actionVectors.find((v) => v.name === 'FeedList');
    const brands = actionVectors.find((v) => v.name === 'GetBrands');
    expect(feed?.signature).toBe('3ceb8ed91049dfc718b0d2d176fb2ed0e5fd74f76c5971f34cdab48412476041');
    expect(feed?.stringToSign).toBe(
      'Action=FeedList&Format=XML&Timestamp=2015-07-01T11%3A11%3A11%2B00%3A00&UserID=look%40me.com&Version=1.0',
    );
    expect(brands?.signature).toBe('62d759cdbf8e2da71bf561f0d908fc5bb6f2cb041e4a5ea1ebb90ad4fc8d8251');
    expect(brands?.stringToSign).toBe(
      'Action=GetBrands&Format=XML&Timestamp=2015-07-01T11%3A11%3A11%2B00%3A00&UserID=look%40me.com&Version=1.0',
    );
  });

  for (const v of actionVectors) {
    describe(v.name, () => {
      const timestamp = v.params.find(([name]) => name === 'Timestamp')![1];
      const userId = v.params.find(([name]) => name === 'UserID')![1];

      it('sign direction: string to sign and signature, from pairs and from a record', () => {
        expect(actionStringToSign(v.params)).toBe(v.stringToSign);
        expect(signAction(v.params, v.apiKey)).toBe(v.signature);
        expect(signAction(Object.fromEntries(v.params), v.apiKey)).toBe(v.signature);
        expect(actionStringToSign([...v.params, ['Signature', v.signature]])).toBe(v.stringToSign);
      });

      it('verify direction: the wire query is accepted', async () => {
        const r = await verifyActionRequest(`?${v.query}`, {
          lookupKey: async (id) => (id === userId ? { apiKey: v.apiKey } : null),
          now: parseActionTimestamp(timestamp)!,
        });
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        expect(r.value.key).toEqual({ apiKey: v.apiKey });
        expect(r.value.params).toEqual(Object.fromEntries(v.params));
        expect(r.value.action).toBe(Object.fromEntries(v.params)['Action']);
      });

      it('buildActionQuery produces the string to sign plus the signature', () => {
        const p = Object.fromEntries(v.params) as Record<string, string>;
        const { Action, UserID, Version, Timestamp, Format, ...rest } = p;
        const built = buildActionQuery({
          action: Action!,
          userId: UserID!,
          apiKey: v.apiKey,
          version: Version!,
          timestamp: Timestamp!,
          params: rest,
          ...(Format ? { format: Format as 'JSON' | 'XML' } : {}),
        });
        expect(built).toBe(`${v.stringToSign}&Signature=${v.signature}`);
      });
    });
  }
});
