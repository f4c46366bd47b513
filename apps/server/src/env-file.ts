/**
 * The env file (`.env`, or the file TRADEPOST_ENV_FILE names), read as Node's process.loadEnvFile
 * and dotenv read it, except that a line neither can read is a problem, reported by its number.
 * Node 20 stopped at a line without `=` (a bare `PRODUCTION`, `=bad`) and dropped every line after
 * it: a DATABASE_URL below it was lost and the server started on a fresh SQLite database.
 *
 * Read: blank lines and `#` comments; `NAME=value` and `export NAME=value`; a value in '…', "…" (where
 * \n is a newline) or `…` keeps # and spaces and may span lines (what follows its closing quote on
 * that line is ignored); an unquoted value ends at `#` and is trimmed; the last of a name wins.
 *
 * Nothing but node:fs: main.ts loads it before anything else, even for --help.
 */
import { readFileSync } from 'node:fs';

export interface EnvFileProblem {
  /** 1-based. */
  line: number;
  /** What is wrong, never the line's text: it may hold a secret. */
  message: string;
}

const ASSIGNMENT = /^\s*(?:export\s+)?([\w.-]+)\s*=[ \t]*/;
const IGNORED = /^\s*(?:#.*)?$/;
const QUOTES = new Set(['"', "'", '`']);

export function parseEnvFile(text: string): { values: Record<string, string>; problems: EnvFileProblem[] } {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const values: Record<string, string> = {};
  const problems: EnvFileProblem[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (IGNORED.test(line)) continue;
    const m = ASSIGNMENT.exec(line);
    if (!m) {
      problems.push({ line: i + 1, message: 'is not NAME=value (a comment starts with #)' });
      continue;
    }
    const name = m[1]!;
    const rest = line.slice(m[0].length);
    const quote = rest[0];
    if (quote === undefined || !QUOTES.has(quote)) {
      values[name] = rest.split('#')[0]!.trim();
      continue;
    }
    let body = rest.slice(1);
    let last = i;
    let end = body.indexOf(quote);
    while (end < 0 && last + 1 < lines.length) {
      body += `\n${lines[++last]}`;
      end = body.indexOf(quote);
    }
    if (end < 0) {
      // Node would keep the quote as part of the value; it is a typo far more often than meant.
      problems.push({ line: i + 1, message: `${name}: the value's opening ${quote} is never closed` });
      continue;
    }
    const value = body.slice(0, end);
    values[name] = quote === '"' ? value.replace(/\\n/g, '\n') : value;
    i = last;
  }
  return { values, problems };
}

let problemsSeen: string[] = [];

/**
 * Reads `file` into `env`, where a name is not set already (the environment wins), and keeps what
 * was wrong with it for loadConfig to list with every other bad setting. Throws what reading the
 * file throws (ENOENT…).
 */
export function loadEnvFile(file: string, env: NodeJS.ProcessEnv): void {
  const { values, problems } = parseEnvFile(readFileSync(file, 'utf8'));
  for (const [name, value] of Object.entries(values)) if (env[name] === undefined) env[name] = value;
  problemsSeen = problems.map((p) => `${file} line ${p.line}: ${p.message}`);
}

/** The env file's problems, as configuration problems ("<file> line 3: …"); none when it was fine. */
export const envFileProblems = (): readonly string[] => problemsSeen;
