import { z } from 'zod';
import { countryRule, phoneRule, requiredLine, textTypeError } from './common.ts';
import { fieldIssue } from './field-messages.ts';

/** The merchant's profile and bank account (portal "Profile"; an admin corrects them in the console). */

/** Empty input means "not given": stored as null. */
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, fieldIssue('maxChars', { max }))
    .nullish()
    .transform((s) => (s ? s : null));

export const profileBody = z.object({
  company_name: requiredLine(200),
  contact_name: optionalText(200),
  contact_phone: z
    .string()
    .trim()
    .nullish()
    .transform((s) => (s ? s : null))
    .refine(...phoneRule),
  company_address: optionalText(500),
  country: z
    .string()
    .trim()
    .toUpperCase()
    .nullish()
    .transform((s) => (s ? s : null))
    .refine(...countryRule),
});
export type ProfileBody = z.input<typeof profileBody>;

/** SWIFT/BIC (8 or 11), a 6–9 digit routing or sort code (ABA, UK sort code, BSB), or an IFSC. */
export const BANK_CODE_PATTERN =
  /^(?:[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}(?:[A-Z0-9]{3})?|\d{6,9}|[A-Z]{4}0[A-Z0-9]{6})$/;

export const bankAccountBody = z.object({
  holder: requiredLine(200),
  bank_name: requiredLine(200),
  /** Digits and letters (an IBAN is fine); spaces and dashes are dropped. 4..34 characters. */
  account_number: z
    .string({ error: textTypeError })
    .transform((s) => s.replace(/[\s-]/g, '').toUpperCase())
    .refine((s) => /^[A-Z0-9]{4,34}$/.test(s), fieldIssue('accountNumber')),
  swift_or_routing: z
    .string({ error: textTypeError })
    .transform((s) => s.replace(/[\s-]/g, '').toUpperCase())
    .refine((s) => BANK_CODE_PATTERN.test(s), fieldIssue('bankCode')),
});
export type BankAccountBody = z.input<typeof bankAccountBody>;

export interface BankAccountView {
  holder: string;
  bank_name: string;
  /** Never the number: `••••1234`, its last 4 characters (fewer of a short one: maskAccountNumber). */
  account_number_masked: string;
  swift_or_routing: string;
}

export interface Profile {
  merchant_id: string;
  email: string;
  company_name: string;
  contact_name: string | null;
  contact_phone: string | null;
  company_address: string | null;
  country: string | null;
  bank_account: BankAccountView | null;
}

/**
 * What is shown of a sealed account number: `••••` and its last 4 characters, or of a shorter
 * number than 8 its last half at most, so that a 4-character number is never shown whole.
 */
export const maskAccountNumber = (n: string): string =>
  `••••${n.slice(-Math.min(4, Math.floor(n.length / 2)))}`;
