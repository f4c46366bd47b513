import { describe, expect, it } from 'vitest';
import {
  buildWebhookSignatureHeader,
  parseWebhookSignatureHeader,
  signWebhookPayload,
  verifyWebhookSignature,
} from '../../src/index.ts';
import { webhookVectors } from '../helpers/vectors.ts';

describe('webhook known-answer vectors', () => {
  it('includes the spec vector with its published signatures, 208-byte body', () => {
    const spec = webhookVectors.find((v) => v.source.startsWith('webhooks.md'));
    expect(spec?.bodyBytes).toBe(208);
    expect(Buffer.byteLength(spec!.body)).toBe(208);
    expect(spec?.timestamp).toBe(1796000000);
    expect(spec?.signatures).toEqual([
      'c21b5a9cbb6bfc479c9a6b4e14275352d3a5d4ba072e36c1748fa131c05a7bf9',
      '8a7c1f7603f197ff6ec67dd828e0773b64188f8cc84534b4740d207766770b21',
    ]);
  });

  for (const v of webhookVectors) {
    describe(v.name, () => {
      it('sign direction: each v1 and the whole header', () => {
        v.secrets.forEach((secret, i) => {
          expect(signWebhookPayload(v.body, secret, v.timestamp)).toBe(v.signatures[i]);
          // Bytes and text give the same MAC: the signature is over the raw bytes.
          expect(signWebhookPayload(Buffer.from(v.body, 'utf8'), secret, v.timestamp)).toBe(v.signatures[i]);
        });
        expect(buildWebhookSignatureHeader(v.body, v.secrets, { timestamp: v.timestamp })).toBe(v.header);
        expect(parseWebhookSignatureHeader(v.header)).toEqual({
          timestamp: v.timestamp,
          signatures: v.signatures,
        });
      });

      it.each(v.checks)('verify direction: secret $secret at now=$now → $expect', (c) => {
        const r = verifyWebhookSignature(Buffer.from(v.body, 'utf8'), v.header, c.secret, { now: c.now });
        if (c.expect === 'ok') expect(r).toEqual({ ok: true, timestamp: v.timestamp });
        else expect(r).toMatchObject({ ok: false, code: c.expect });
        // A Date for now means the same instant.
        const viaDate = verifyWebhookSignature(v.body, v.header, c.secret, { now: new Date(c.now * 1000) });
        expect(viaDate.ok ? 'ok' : viaDate.code).toBe(c.expect);
      });
    });
  }
});
