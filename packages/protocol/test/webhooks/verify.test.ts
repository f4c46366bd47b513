import { describe, expect, it } from 'vitest';
import {
  buildWebhookSignatureHeader,
  isWebhookEventType,
  isWebhookSecret,
  parseWebhookSignatureHeader,
  signWebhookPayload,
  verifyWebhookSignature,
  WEBHOOK_EVENT_TYPES,
} from '../../src/index.ts';
import { webhookVectors } from '../helpers/vectors.ts';

const spec = webhookVectors[0]!;
const [secretA, secretB] = spec.secrets as [string, string];
const T = spec.timestamp;
const code = (r: ReturnType<typeof verifyWebhookSignature>) => (r.ok ? 'ok' : r.code);

describe('verifyWebhookSignature', () => {
  it('refuses a body changed by one byte, or re-serialized JSON', () => {
    expect(
      code(verifyWebhookSignature(spec.body.replace('YT2233', 'YT2234'), spec.header, secretA, { now: T })),
    ).toBe('ERR_WEBHOOK_SIGNATURE');
    const pretty = JSON.stringify(JSON.parse(spec.body), null, 2);
    expect(code(verifyWebhookSignature(pretty, spec.header, secretA, { now: T }))).toBe(
      'ERR_WEBHOOK_SIGNATURE',
    );
  });

  it('refuses a signature moved to another timestamp (t is signed)', () => {
    const moved = spec.header.replace(`t=${T}`, `t=${T + 1}`);
    expect(code(verifyWebhookSignature(spec.body, moved, secretA, { now: T }))).toBe('ERR_WEBHOOK_SIGNATURE');
  });

  it('honours toleranceSeconds both ways, and defaults to 300', () => {
    expect(
      code(verifyWebhookSignature(spec.body, spec.header, secretA, { now: T + 10, toleranceSeconds: 10 })),
    ).toBe('ok');
    expect(
      code(verifyWebhookSignature(spec.body, spec.header, secretA, { now: T + 11, toleranceSeconds: 10 })),
    ).toBe('ERR_WEBHOOK_TIMESTAMP');
    expect(code(verifyWebhookSignature(spec.body, spec.header, secretA, { now: T - 300 }))).toBe('ok');
    expect(code(verifyWebhookSignature(spec.body, spec.header, secretA, { now: T - 301 }))).toBe(
      'ERR_WEBHOOK_TIMESTAMP',
    );
  });

  it('uses the clock when now is not given', () => {
    const t = Math.floor(Date.now() / 1000);
    const header = buildWebhookSignatureHeader(spec.body, [secretB]);
    expect(parseWebhookSignatureHeader(header)?.timestamp).toBeGreaterThanOrEqual(t);
    expect(code(verifyWebhookSignature(spec.body, header, secretB))).toBe('ok');
    // Signed 301 s before the clock (not the spec's fixed t, which some day is the clock's own).
    const stale = buildWebhookSignatureHeader(spec.body, [secretB], { timestamp: t - 301 });
    expect(code(verifyWebhookSignature(spec.body, stale, secretB))).toBe('ERR_WEBHOOK_TIMESTAMP');
  });

  it.each([
    ['missing', undefined],
    ['null', null],
    ['empty', ''],
    ['no t', `v1=${spec.signatures[0]}`],
    ['no v1', `t=${T}`],
    ['two t', `t=${T},t=${T},v1=${spec.signatures[0]}`],
    ['t not digits', `t=17e8,v1=${spec.signatures[0]}`],
    ['short v1', `t=${T},v1=abcd`],
    ['v1 not hex', `t=${T},v1=${'z'.repeat(64)}`],
    ['element without =', `t=${T},v1`],
    ['repeated header', [spec.header, spec.header]],
    ['huge', `t=${T},${'v1=' + '0'.repeat(64) + ','.repeat(1)}`.repeat(80)],
  ])('a %s header is ERR_WEBHOOK_HEADER, never a throw', (_name, header) => {
    const r = verifyWebhookSignature(spec.body, header as string | undefined, secretA, { now: T });
    expect(r).toMatchObject({ ok: false, code: 'ERR_WEBHOOK_HEADER' });
  });

  it('ignores elements of unknown schemes (forward compatible) and tolerates spaces', () => {
    const header = `t=${T}, v0=whatever, v1=${spec.signatures[1]!.toUpperCase()}`;
    expect(code(verifyWebhookSignature(spec.body, header, secretB, { now: T }))).toBe('ok');
  });

  it("throws ProtocolError for the caller's mistakes: bad secret, parsed body, bad options", () => {
    expect(() => verifyWebhookSignature(spec.body, spec.header, 'whsec_short', { now: T })).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_KEY' }),
    );
    expect(() =>
      verifyWebhookSignature(JSON.parse(spec.body) as string, spec.header, secretA, { now: T }),
    ).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }));
    expect(() => verifyWebhookSignature(spec.body, spec.header, secretA, { toleranceSeconds: -1 })).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }),
    );
    expect(() => verifyWebhookSignature(spec.body, spec.header, secretA, { now: Number.NaN })).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }),
    );
  });
});

describe('signing helpers', () => {
  it('refuse malformed secrets, empty secret lists and non-integer timestamps', () => {
    expect(() => signWebhookPayload('{}', 'whsec_' + 'a'.repeat(31), T)).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_KEY' }),
    );
    expect(() => buildWebhookSignatureHeader('{}', [])).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }),
    );
    expect(() => signWebhookPayload('{}', secretA, 1.5)).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }),
    );
  });

  it('isWebhookSecret: whsec_ + exactly 32 [A-Za-z0-9]', () => {
    expect(isWebhookSecret(secretA)).toBe(true);
    for (const v of [
      secretA.slice(0, -1),
      `${secretA}x`,
      secretA.replace('whsec_', 'whsek_'),
      `${secretA.slice(0, -1)}-`,
      42,
    ]) {
      expect(isWebhookSecret(v), String(v)).toBe(false);
    }
  });

  it('the event type list is the spec’s nine, and the guard follows it', () => {
    expect(WEBHOOK_EVENT_TYPES).toHaveLength(9);
    expect(isWebhookEventType('batch_order.completed')).toBe(true);
    expect(isWebhookEventType('order.pending')).toBe(false);
  });
});
