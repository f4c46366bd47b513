import { describe, expect, it } from 'vitest';
import {
  buildBendResponse,
  encryptBendData,
  ProtocolError,
  signBend,
  verifyBendResponse,
} from '../../src/index.ts';
import { APP_ID, KEYS, NOW, NOW_SECONDS } from '../helpers/bend-fixtures.ts';

const payload = { code: 0, message: 'success', data: { order_no: 'TP1', amount: '12.30' } };
const opts = { appId: APP_ID, keys: KEYS };

function envelopeOf(plaintext: string) {
  const f = {
    app_id: APP_ID,
    nonce: 'srv_nonce_000000001',
    timestamp: NOW_SECONDS,
    data: encryptBendData(plaintext, KEYS.secretKey),
  };
  return { ...f, sign: signBend(f, KEYS.signKey) };
}

describe('buildBendResponse / verifyBendResponse', () => {
  it('builds the five-field envelope in wire order and the client opens it', () => {
    const env = buildBendResponse({ ...opts, payload, now: NOW });
    expect(Object.keys(env)).toEqual(['app_id', 'nonce', 'timestamp', 'data', 'sign']);
    expect(env.timestamp).toBe(NOW_SECONDS);
    expect(verifyBendResponse(env, opts)).toEqual({ ok: true, value: payload });
    expect(verifyBendResponse(JSON.stringify(env), opts)).toEqual({ ok: true, value: payload });
  });

  it('encrypts business errors too, data null when absent', () => {
    const env = buildBendResponse({
      ...opts,
      payload: { code: 2001, message: 'Insufficient credit', data: undefined },
    });
    expect(verifyBendResponse(env, opts)).toEqual({
      ok: true,
      value: { code: 2001, message: 'Insufficient credit', data: null },
    });
  });

  it('throws ProtocolError for malformed keys when building', () => {
    expect(() => buildBendResponse({ appId: APP_ID, keys: { ...KEYS, signKey: '' }, payload })).toThrow(
      ProtocolError,
    );
  });

  it('1001 for another App, a tampered sign or a wrong Sign Key', () => {
    const env = buildBendResponse({ ...opts, payload });
    expect(verifyBendResponse(env, { ...opts, appId: 'app_ffffffffffffffffffffffff' })).toMatchObject({
      ok: false,
      code: 1001,
    });
    expect(verifyBendResponse({ ...env, sign: 'f'.repeat(64) }, opts)).toMatchObject({
      ok: false,
      code: 1001,
    });
    expect(verifyBendResponse(env, { ...opts, keys: { ...KEYS, signKey: 'Y'.repeat(32) } })).toMatchObject({
      ok: false,
      code: 1001,
    });
    expect(verifyBendResponse(env, { ...opts, keys: { ...KEYS, signKey: 'bad' } })).toMatchObject({
      ok: false,
      code: 1001,
    });
  });

  it('1006 for a wrong Secret Key or a plaintext that is not a standard response', () => {
    const env = buildBendResponse({ ...opts, payload });
    expect(verifyBendResponse(env, { ...opts, keys: { ...KEYS, secretKey: 'Y'.repeat(32) } })).toEqual({
      ok: false,
      code: 1006,
      message: 'Decryption failed',
    });
    for (const plaintext of [
      '[]',
      '{"code":"0","message":"x","data":null}',
      '{"code":0,"data":null}',
      '{"code":0,"message":"x"}',
      '{"code":0.5,"message":"x","data":1}',
    ]) {
      expect(verifyBendResponse(envelopeOf(plaintext), opts)).toMatchObject({ ok: false, code: 1006 });
    }
    expect(verifyBendResponse({ ...envelopeOf('{}'), data: '' }, opts)).toMatchObject({
      ok: false,
      code: 1001,
    });
  });

  it('1004 for anything that is not an envelope', () => {
    const env = buildBendResponse({ ...opts, payload });
    for (const bad of [
      null,
      42,
      'not json',
      '[]',
      [],
      { code: 1001, message: 'Invalid signature', data: null },
      { ...env, nonce: 'short' },
    ]) {
      expect(verifyBendResponse(bad, opts)).toMatchObject({ ok: false, code: 1004 });
    }
  });

  it('never throws for hostile options', () => {
    const env = buildBendResponse({ ...opts, payload });
    expect(verifyBendResponse(env, { appId: APP_ID, keys: null as never })).toMatchObject({
      ok: false,
      code: 1001,
    });
    expect(verifyBendResponse(env, undefined as never)).toMatchObject({ ok: false, code: 1001 });
  });

  it('a payload given as JSON text or UTF-8 bytes gives the same envelope as the object', () => {
    // A page-sized payload with non-ASCII text, at every length mod 3 of the ciphertext.
    for (const extra of ['', 'x', 'xx']) {
      const items = Array.from({ length: 200 }, (_, i) => ({
        goods_id: `G${i}`,
        title: `Thé vert 茶 ${i} 🚚`,
        price: '12.30',
      }));
      const page = {
        code: 0,
        message: `success${extra}`,
        data: { items, page: 1, page_size: 200, total: 200 },
      };
      const text = JSON.stringify(page);
      const fixed = { ...opts, now: NOW, nonce: 'srv_nonce_000000001', iv: Buffer.alloc(12, 7) };
      const expected = buildBendResponse({ ...fixed, payload: page });
      expect(expected.data).toBe(encryptBendData(text, KEYS.secretKey, { iv: fixed.iv }));
      expect(Buffer.from(expected.data, 'base64').toString('base64')).toBe(expected.data);
      for (const payload of [{ json: text }, { bytes: Buffer.from(text, 'utf8') }]) {
        expect(buildBendResponse({ ...fixed, payload })).toEqual(expected);
      }
      const fresh = buildBendResponse({ ...opts, payload: { bytes: Buffer.from(text, 'utf8') } });
      expect(verifyBendResponse(fresh, opts)).toEqual({ ok: true, value: page });
      // Fresh nonce and IV every time: two envelopes of the same page share neither.
      const again = buildBendResponse({ ...opts, payload: { bytes: Buffer.from(text, 'utf8') } });
      expect(again.nonce).not.toBe(fresh.nonce);
      expect(again.data.slice(0, 16)).not.toBe(fresh.data.slice(0, 16));
    }
  });
});
