/**
 * The Action API's and the API tokens' guides (docs/api/action-api.md, tokens.md) show short
 * snippets, not whole clients: they are run here as a reader would, pasted with only the blanks
 * the guide names filled in (the key, the token and its secret, the e-mail), against the real
 * server. A snippet that leaves a variable undefined, or builds a URL it never sends, fails here.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionUrl, sendAction } from '../action/action-http.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { repoRoot } from './example-languages.ts';

const guide = (name: string) => readFileSync(join(repoRoot, 'docs/api', name), 'utf8');

/** The first code block of `lang` after the text `marker` (a heading, a sentence). */
function snippet(markdown: string, marker: string, lang: string): string {
  const at = markdown.indexOf(marker);
  if (at < 0) throw new Error(`no ${marker}`);
  const block = new RegExp('```' + lang + '\\n([\\s\\S]*?)```').exec(markdown.slice(at));
  if (!block) throw new Error(`no ${lang} block after ${marker}`);
  return block[1]!;
}

function run(
  cmd: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; out: string }> {
  return new Promise((done) =>
    execFile(cmd, args, { env: { ...process.env, ...env }, timeout: 30_000 }, (err, stdout, stderr) =>
      done({ code: err ? 1 : 0, out: `${String(stdout)}${String(stderr)}` }),
    ),
  );
}

describe('the Action API and API token guides: their snippets run as pasted', () => {
  let server: TestServer;
  let email: string;
  let apiKey: string;
  let token: { token: string; secret_key: string };
  const dir = mkdtempSync(join(tmpdir(), 'tradepost-guide-snippets-'));
  beforeAll(async () => {
    server = await startTestServer();
    const m = await server.createMerchant({ creditLimit: '321.00' });
    email = m.email;
    apiKey = (await server.services.apiKeys.create(email)).api_key;
    token = await server.services.tokens.create(m.merchantId, { name: 'guide' });
  });
  afterAll(async () => {
    await server?.close();
  });

  // Every snippet runs with the base URL as the guides write it and with a trailing slash.
  const bases = () => [`${server.url}/api/v1`, `${server.url}/api/v1/`];
  async function runEach(cmd: string, args: string[], expectOut: (out: string) => void) {
    for (const base of bases()) {
      const r = await run(cmd, args, { TRADEPOST_BASE_URL: base });
      expectOut(r.out);
    }
  }

  it('Action API, curl: GetCredit with the key and the e-mail filled in', async () => {
    const code = snippet(guide('action-api.md'), '### curl', 'sh')
      .replace(/^KEY=…;/m, `KEY=${apiKey};`)
      .replaceAll('buyer%40acme.test', encodeURIComponent(email));
    await runEach('bash', ['-c', code], (out) =>
      expect(out).toMatch(/^\{"SuccessResponse":.*"credit_limit":"321\.00"/),
    );
  });

  it('Action API, plain Node: GetCredit with the key and the e-mail filled in', async () => {
    const code = snippet(guide('action-api.md'), 'Without the package, in plain Node', 'js')
      .replace("'<your API key>'", JSON.stringify(apiKey))
      .replaceAll('buyer@acme.test', email);
    const file = join(dir, 'action.mjs');
    writeFileSync(file, code);
    await runEach(process.execPath, [file], (out) =>
      expect(out).toMatch(/SuccessResponse[\s\S]*credit_limit: '321\.00'/),
    );
  });

  it("Action API, error table: E005's row says what the server refuses (a repeated Signature, not a repeated parameter)", async () => {
    const row = guide('action-api.md')
      .split('\n')
      .find((l) => l.startsWith('| 5 |'));
    const url = actionUrl(server.url, { user_id: email, api_key: apiKey }, 'GetCredit', { format: 'XML' });
    // Format twice, signed over the last-value-wins set: accepted, answered in the last format.
    const repeated = await sendAction(url.replace('?', '?Format=JSON&'));
    expect(repeated.contentType).toContain('xml');
    expect(repeated.body).toMatchObject({ credit_limit: '321.00' });
    const signature = /Signature=(\w+)/.exec(url)![1]!;
    expect((await sendAction(`${url}&Signature=${signature}`)).error?.ErrorCode).toBe('5');
    expect(row).toContain('a repeated `Signature`');
    expect(row).not.toMatch(/repeated (query )?parameter/);
  });

  it('API tokens, curl: GET /credit with the token and its secret filled in', async () => {
    const code = snippet(guide('tokens.md'), '### curl', 'sh').replace(
      /^TOKEN=…; SECRET=…/m,
      `TOKEN=${token.token}; SECRET=${token.secret_key}`,
    );
    await runEach('bash', ['-c', code], (out) => expect(out).toContain('"credit_limit":"321.00"'));
  });

  it('API tokens, Python: GET /credit with the token and its secret filled in', async () => {
    const code = snippet(guide('tokens.md'), '### Python (standard library)', 'python').replace(
      "TOKEN, SECRET = '<26-char token>', '<secret key>'",
      `TOKEN, SECRET = '${token.token}', '${token.secret_key}'`,
    );
    await runEach('python3', ['-c', code], (out) => expect(out).toContain("'credit_limit': '321.00'"));
  });
});
