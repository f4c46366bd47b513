/**
 * Where a command's output goes. With --json, stdout carries exactly one JSON object (the result
 * or {"error": …}) and everything meant for people goes to stderr, so `| jq` always works.
 */
export interface Io {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

export const processIo = (): Io => ({ stdout: process.stdout, stderr: process.stderr, env: process.env });

export interface Output {
  readonly json: boolean;
  /** The command's result: the JSON object with --json, else the human text. */
  result(value: Record<string, unknown>, human: string): void;
  /** Progress and notes for people: stderr, never mixed into a JSON result. */
  log(text: string): void;
}

export function createOutput(io: Io, json: boolean): Output {
  return {
    json,
    result(value, human) {
      io.stdout.write(json ? `${JSON.stringify(value)}\n` : `${human}\n`);
    },
    log(text) {
      io.stderr.write(`${text}\n`);
    },
  };
}
