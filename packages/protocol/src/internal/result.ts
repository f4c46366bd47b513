import type { VerifyResult } from '../errors.ts';

export function ok<T>(value: T): VerifyResult<T> {
  return { ok: true, value };
}

export function fail(code: number, message: string): { ok: false; code: number; message: string } {
  return { ok: false, code, message };
}
