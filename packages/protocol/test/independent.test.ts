import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { actionVectors, bendVectors, walltechVectors, webhookVectors } from './helpers/vectors.ts';

describe('independent Python check of every vector', () => {
  it('recomputes all of them with Python cryptography/stdlib and agrees', () => {
    const script = fileURLToPath(new URL('./independent/check_vectors.py', import.meta.url));
    const run = spawnSync('python3', [script], { encoding: 'utf8', timeout: 60_000 });
    expect(run.error).toBeUndefined();
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const total = bendVectors.length + actionVectors.length + walltechVectors.length + webhookVectors.length;
    expect(total).toBeGreaterThanOrEqual(15);
    expect(run.stdout.trim()).toBe(`checked ${total} vectors`);
  });
});
