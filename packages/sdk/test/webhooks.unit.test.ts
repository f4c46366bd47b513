import { buildWebhookSignatureHeader } from '@tradepost/protocol';
import { describe, expect, it } from 'vitest';
import { webhooks, WebhookVerificationError, type WebhookEvent } from '../src/index.ts';
import { webhookVectors } from '../../protocol/test/helpers/vectors.ts';

const spec = webhookVectors[0]!;
const [secretA, secretB] = spec.secrets as [string, string];
const T = spec.timestamp;

function caught(fn: () => unknown): WebhookVerificationError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(WebhookVerificationError);
    return err as WebhookVerificationError;
  }
  throw new Error('expected a WebhookVerificationError');
}

describe('webhooks.verify (the spec vectors)', () => {
  it('returns the typed event under either secret at t ± 300', () => {
    for (const [secret, now] of [
      [secretA, T],
      [secretB, T + 300],
      [secretA, new Date((T - 300) * 1000)],
    ] as const) {
      const event = webhooks.verify(Buffer.from(spec.body), spec.header, secret, { now });
      expect(event.id).toBe('evt_9f2c4a7e1b3d5f60');
      expect(event.type).toBe('order.shipped');
      if (event.type === 'order.shipped') expect(event.data.object.tracking_no).toBe('YT2233445566');
    }
  });

  it('throws ERR_WEBHOOK_TIMESTAMP at t + 301 under both, ERR_WEBHOOK_SIGNATURE under another secret', () => {
    expect(caught(() => webhooks.verify(spec.body, spec.header, secretA, { now: T + 301 })).code).toBe(
      'ERR_WEBHOOK_TIMESTAMP',
    );
    expect(caught(() => webhooks.verify(spec.body, spec.header, secretB, { now: T + 301 })).code).toBe(
      'ERR_WEBHOOK_TIMESTAMP',
    );
    const other = 'whsec_' + 'Z'.repeat(32);
    expect(caught(() => webhooks.verify(spec.body, spec.header, other, { now: T })).code).toBe(
      'ERR_WEBHOOK_SIGNATURE',
    );
  });

  it('throws ERR_WEBHOOK_HEADER for a missing header, toleranceSeconds narrows the window', () => {
    expect(caught(() => webhooks.verify(spec.body, undefined, secretA, { now: T })).code).toBe(
      'ERR_WEBHOOK_HEADER',
    );
    expect(
      caught(() => webhooks.verify(spec.body, spec.header, secretA, { now: T + 6, toleranceSeconds: 5 }))
        .code,
    ).toBe('ERR_WEBHOOK_TIMESTAMP');
  });

  it('throws ERR_WEBHOOK_USAGE for a malformed secret or a parsed body, never a bare ProtocolError', () => {
    expect(caught(() => webhooks.verify(spec.body, spec.header, 'secret', { now: T })).code).toBe(
      'ERR_WEBHOOK_USAGE',
    );
    const parsed = JSON.parse(spec.body) as string;
    expect(caught(() => webhooks.verify(parsed, spec.header, secretA, { now: T })).code).toBe(
      'ERR_WEBHOOK_USAGE',
    );
  });

  it('throws ERR_WEBHOOK_PAYLOAD for a correctly signed body that is not a known event', () => {
    for (const body of [
      'not json',
      '{"id":"evt_1","type":"order.lost","created_at":"x","data":{"object":{}}}',
      '[]',
    ]) {
      const header = buildWebhookSignatureHeader(body, [secretA], { timestamp: T });
      expect(caught(() => webhooks.verify(body, header, secretA, { now: T })).code, body).toBe(
        'ERR_WEBHOOK_PAYLOAD',
      );
    }
  });

  it('narrows data.object by type (compile-time check, run as code)', () => {
    const body = JSON.stringify({
      id: 'evt_1',
      type: 'credit.low',
      created_at: '2026-11-28T21:00:00Z',
      data: {
        object: {
          currency: 'USD',
          credit_limit: '10.00',
          used: '9.00',
          available: '1.00',
          utilization_percent: '90.00',
          status: 'active',
        },
      },
    });
    const event: WebhookEvent = webhooks.verify(
      body,
      buildWebhookSignatureHeader(body, [secretB], { timestamp: T }),
      secretB,
      { now: T },
    );
    expect(event.type === 'credit.low' ? event.data.object.available : null).toBe('1.00');
  });
});
