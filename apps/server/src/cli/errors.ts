/**
 * How a failed command ends: a stable string code (scripts branch on it), a one-line message,
 * and an exit code. 2 means the command line was wrong and nothing changed; 1 means the command
 * was understood but could not be carried out.
 */
import { isAppError } from '../shared/app-error.ts';

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

export type CliErrorCode =
  | 'invalid_argument'
  | 'invalid_config'
  | 'invalid_file'
  | 'not_found'
  | 'conflict'
  | 'insufficient_credit'
  | 'rejected'
  /** `verify` / `restore`: a ledger invariant does not hold. */
  | 'ledger_broken'
  | 'internal';

export class CliError extends Error {
  constructor(
    readonly code: CliErrorCode,
    message: string,
    readonly exitCode: number = code === 'invalid_argument' ? EXIT_USAGE : EXIT_FAILED,
    /** Extra detail for --json output, e.g. every bad row of an import file. */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** A list message ("Invalid configuration:\n  - A\n  - B") on one line: "Invalid configuration: A; B". */
const oneLine = (text: string) =>
  text
    .replace(/:\s*\n\s*-?\s*/, ': ')
    .replace(/\s*\n\s*-?\s*/g, '; ')
    .trim();

/** Any thrown value as a CliError; the services' 4001 is the caller's input being refused. */
export function toCliError(e: unknown): CliError {
  if (e instanceof CliError) return e;
  if (isAppError(e)) {
    if (e.code === 4001) return new CliError('invalid_argument', e.message);
    if (e.code === 2001) return new CliError('insufficient_credit', e.message);
    if (e.code === 2002) return new CliError('conflict', e.message);
    return new CliError('rejected', `${e.message} (code ${e.code})`);
  }
  // By name, not instanceof: importing config.ts here would load it for --help as well.
  if (e instanceof Error && e.name === 'ConfigError')
    return new CliError('invalid_config', oneLine(e.message));
  return new CliError('internal', oneLine(e instanceof Error ? e.message : String(e)));
}
