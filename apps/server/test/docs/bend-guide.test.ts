/**
 * The B-End guide (docs/api/bend-v1.md) is checked here, so it cannot drift from the protocol:
 *
 * - the guide's worked examples equal the known-answer vectors, recomputed here with node:crypto;
 * - the code embedded in the guide is byte-for-byte the example files (run against the real
 *   server by bend-examples.test.ts).
 */
import { createCipheriv, createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  bendVectors as vectors,
  type BendVector,
} from '../../../../packages/protocol/test/helpers/vectors.ts';
import { languages, repoRoot } from './example-languages.ts';

const guide = readFileSync(join(repoRoot, 'docs/api/bend-v1.md'), 'utf8');

describe('the guide docs/api/bend-v1.md', () => {
  const vector = (name: string): BendVector => {
    const v = vectors.find((x) => x.name === name);
    if (!v) throw new Error(`no vector ${name} in bend-v1.json`);
    return v;
  };

  /** The guide's text between `<!-- worked-example:begin vector=NAME -->` and its end marker. */
  const sections = [
    ...guide.matchAll(/<!-- worked-example:begin vector=([\w-]+) -->([\s\S]*?)<!-- worked-example:end -->/g),
  ].map((m) => ({ name: m[1]!, text: m[2]! }));

  it('has worked examples for a POST, a GET with and without params, and a response', () => {
    expect(sections.map((s) => s.name)).toEqual([
      'post-ascii-order',
      'get-params',
      'get-no-params',
      'response-success',
    ]);
  });

  it('the vectors are self-consistent (recomputed with node:crypto)', () => {
    for (const v of vectors) {
      if (v.plaintext !== null && v.iv !== null) {
        const cipher = createCipheriv(
          'aes-256-gcm',
          Buffer.from(v.secretKey, 'ascii'),
          Buffer.from(v.iv, 'hex'),
        );
        const ct = Buffer.concat([cipher.update(v.plaintext, 'utf8'), cipher.final()]);
        expect(Buffer.concat([Buffer.from(v.iv, 'hex'), ct, cipher.getAuthTag()]).toString('base64')).toBe(
          v.data,
        );
      } else {
        expect(v.data).toBe('');
      }
      const signString = JSON.stringify({
        app_id: v.app_id,
        data: v.data,
        nonce: v.nonce,
        timestamp: v.timestamp,
      });
      expect(signString).toBe(v.signString);
      expect(createHmac('sha256', v.signKey).update(signString, 'utf8').digest('hex')).toBe(v.sign);
    }
  });

  it("the POST worked example's inputs and outputs equal the vector file", () => {
    const v = vector('post-ascii-order');
    const text = sections.find((s) => s.name === v.name)!.text;
    // The inputs block, label by label.
    const inputs = Object.fromEntries(
      [...text.matchAll(/^(Secret Key|Sign Key|App ID|nonce|timestamp|IV \(hex\)) {2,}(\S+)$/gm)].map((m) => [
        m[1],
        m[2],
      ]),
    );
    expect(inputs).toEqual({
      'Secret Key': v.secretKey,
      'Sign Key': v.signKey,
      'App ID': v.app_id,
      nonce: v.nonce,
      timestamp: v.timestamp,
      'IV (hex)': v.iv,
    });
    const raw = Buffer.from(v.data, 'base64');
    const ctHex = raw.subarray(12, raw.length - 16).toString('hex');
    const tagHex = raw.subarray(raw.length - 16).toString('hex');
    expect(text).toMatch(new RegExp(`^ciphertext \\(hex\\) +${ctHex}$`, 'm'));
    expect(text).toMatch(new RegExp(`^tag \\(hex\\) +${tagHex}$`, 'm'));
    expect(text).toContain(`(UTF-8, ${Buffer.byteLength(v.plaintext!, 'utf8')} bytes)`);
    expect(text).toMatch(new RegExp(`gives ${raw.length - 28} bytes\\s+of ciphertext`));
    // Each output on a line of its own.
    const lines = text.split('\n');
    for (const value of [v.plaintext!, v.data, v.signString, v.sign]) expect(lines).toContain(value);
    // The HTTP request built from them.
    for (const line of [
      'POST /api/v1/orders HTTP/1.1',
      `App-ID: ${v.app_id}`,
      `Timestamp: ${v.timestamp}`,
      `Nonce: ${v.nonce}`,
      `Sign: ${v.sign}`,
      `{"data":"${v.data}"}`,
    ])
      expect(lines).toContain(line);
  });

  it('the GET worked examples equal the vector file', () => {
    const base = vector('post-ascii-order');
    const withParams = vector('get-params');
    const text = sections.find((s) => s.name === withParams.name)!.text;
    // "Same keys and App ID" is true of the vector.
    expect([withParams.secretKey, withParams.signKey, withParams.app_id]).toEqual([
      base.secretKey,
      base.signKey,
      base.app_id,
    ]);
    expect(text).toContain(`\`nonce\` = \`${withParams.nonce}\``);
    expect(text).toContain(`\`timestamp\` = \`${withParams.timestamp}\``);
    expect(text).toContain(`IV (hex) = \`${withParams.iv}\``);
    const lines = text.split('\n');
    expect(lines).toContain(withParams.plaintext);
    expect(text).toMatch(new RegExp(`^data +${withParams.data.replace(/[+/]/g, '\\$&')}$`, 'm'));
    expect(lines).toContain(`sign string  ${withParams.signString}`);
    expect(text).toMatch(new RegExp(`^sign +${withParams.sign}$`, 'm'));
    expect(lines).toContain(`GET /api/v1/products?data=${encodeURIComponent(withParams.data)} HTTP/1.1`);
    expect(lines).toContain(`Sign: ${withParams.sign}`);

    const noParams = vector('get-no-params');
    const text2 = sections.find((s) => s.name === noParams.name)!.text;
    expect(noParams.data).toBe('');
    expect(text2).toContain(`\`${noParams.nonce}\``);
    expect(text2).toContain(`\`timestamp\` = \`${noParams.timestamp}\``);
    expect(text2.split('\n')).toContain(noParams.signString);
    expect(text2).toMatch(new RegExp(`^sign +${noParams.sign}$`, 'm'));
  });

  it('the response worked example equals the vector file', () => {
    const base = vector('post-ascii-order');
    const v = vector('response-success');
    const text = sections.find((s) => s.name === v.name)!.text;
    expect([v.secretKey, v.signKey, v.app_id]).toEqual([base.secretKey, base.signKey, base.app_id]);
    const envelopeLine = text.split('\n').find((l) => l.startsWith('{"app_id"'));
    expect(JSON.parse(envelopeLine!)).toEqual({
      app_id: v.app_id,
      nonce: v.nonce,
      timestamp: v.timestamp,
      data: v.data,
      sign: v.sign,
    });
    const raw = Buffer.from(v.data, 'base64');
    const lines = text.split('\n');
    expect(lines).toContain(v.signString);
    expect(text).toContain(`\`${v.sign}\`, equal to \`sign\``);
    expect(text).toContain(`IV \`${v.iv}\``);
    expect(text).toMatch(new RegExp(`tag\\s+\`${raw.subarray(raw.length - 16).toString('hex')}\``));
    expect(lines).toContain(v.plaintext);
  });

  it('embeds every example file verbatim', () => {
    const embedded = new Map(
      [...guide.matchAll(/<!-- example-file: (\S+) -->\n```\w*\n([\s\S]*?)```\n/g)].map((m) => [
        m[1]!,
        m[2]!,
      ]),
    );
    expect([...embedded.keys()].sort()).toEqual(
      languages.map((l) => `docs/examples/bend/${l.dir}/${l.file}`).sort(),
    );
    for (const [path, code] of embedded) {
      // On a mismatch, copy the file into the guide's "Complete examples" section again.
      expect(code, `${path} differs from its copy in docs/api/bend-v1.md`).toBe(
        readFileSync(join(repoRoot, path), 'utf8'),
      );
    }
  });

  it('is self-contained: no links into the workspace outside the repository', () => {
    expect(guide).not.toMatch(/\/work\/|shared\/spec|shared\/seeds/);
  });
});
