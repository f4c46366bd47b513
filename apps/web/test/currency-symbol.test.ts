/**
 * Money is shown with narrow symbols ($, €); the audit log leaves out an entry's currency only
 * where that symbol names it alone. "$" is USD's in English, and CAD's and AUD's too.
 */
import { expect, it } from 'vitest';
import { symbolNamesCurrency } from '../src/lib/currency-symbol.ts';

it('a narrow symbol names its currency alone only where no other currency shares it', () => {
  expect(['USD', 'EUR', 'GBP', 'CAD', 'AUD', 'CNY'].map((c) => [c, symbolNamesCurrency(c, 'en')])).toEqual([
    ['USD', true],
    ['EUR', true],
    ['GBP', true],
    ['CAD', false],
    ['AUD', false],
    ['CNY', false],
  ]);
  // In Chinese "$" is not USD's alone (US$), and "¥" is the yuan's.
  expect([symbolNamesCurrency('USD', 'zh-CN'), symbolNamesCurrency('CNY', 'zh-CN')]).toEqual([false, true]);
});
