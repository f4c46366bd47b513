/**
 * Wire money in tests: a 2-decimal string ("12.30", "-4.10") read as an integer of minor units
 * by the server's own parser. Never a float.
 */
import { parseMoney } from '../../src/shared/money.ts';

const WIRE_MONEY = /^-?\d+\.\d{2}$/;

/** "12.30" → 1230. Throws unless `s` is the wire's exact 2-decimal form. */
export function cents(s: string): number {
  const minor = WIRE_MONEY.test(s) ? parseMoney(s) : null;
  if (minor === null) throw new Error(`not a 2-decimal money string: ${JSON.stringify(s)}`);
  return minor;
}
