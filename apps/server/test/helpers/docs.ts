import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The first line of a repository file (`docs/api/bend-v1.md`, `README.md`) that starts with `prefix`. */
export function docLine(file: string, prefix: string): string | undefined {
  const text = readFileSync(fileURLToPath(new URL(`../../../../${file}`, import.meta.url)), 'utf8');
  return text.split('\n').find((line) => line.startsWith(prefix));
}
