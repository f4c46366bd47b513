import type { Page } from '@tradepost/protocol';
import { z } from 'zod';
import { fieldIssue, fieldMessage } from './field-messages.ts';
import { formatMoney, MAX_BALANCE_MINOR } from './money.ts';

/**
 * Shapes both APIs share. Money travels as the protocol's 2-decimal string (`Money`), never a
 * number; dates as ISO 8601 (`2026-11-28` for a day filter, full timestamps in responses).
 */
export type { Money, Page } from '@tradepost/protocol';

/**
 * A page of a web list whose count stops at a cap (the console's orders and audit log, a
 * merchant's filtered orders: the server's COUNT_CAP): `total_capped` says there are more than
 * `total` matches, the number past it unknown.
 */
export type ListPage<T> = Page<T> & { total_capped?: true };

/**
 * Text of decimal digits as the number it writes ("42" → 42); anything else is passed on as it is,
 * for the schema to refuse ("0x1", "1e0", " 2 ", true). Query strings and form fields arrive as
 * text; a JSON body's numbers are numbers, and are never converted.
 */
export const digitsToNumber = (v: unknown): unknown =>
  typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;

/**
 * Query strings arrive as text; accept "2" and 2, integers only. One message for every way to
 * miss (text, a fraction, -1, 0, too large): it says the whole range.
 */
const intFromQuery = (min: number, max: number) => {
  const range = fieldIssue('integerBetween', { min, max });
  return z.preprocess(digitsToNumber, z.number(range).int(range).min(min, range).max(max, range));
};

/** `?page=1&page_size=20` (1-based; at most 100 a page). */
export const pageQuery = z.object({
  page: intFromQuery(1, 1_000_000).default(1),
  page_size: intFromQuery(1, 100).default(20),
});
export type PageQuery = z.input<typeof pageQuery>;

/**
 * `?as_of=<seq>`: a ledger list as it stood when its first page was read — the entries up to that
 * one — so that paging on while new entries arrive neither repeats an entry nor skips one.
 */
export const ledgerAsOf = intFromQuery(1, Number.MAX_SAFE_INTEGER).optional();

/**
 * One of `values` (a list's filter, a status), anything else refused with "must be one of a, b":
 * a hand-edited URL or an API caller gets the catalog's words, not zod's.
 */
export const oneOf = <const T extends readonly string[]>(values: T) =>
  z.enum(values, fieldIssue('oneOf', { values: values.join(', ') }));

/** A list's text filter (an id, a category): trimmed, at most `max` characters, optional. */
export const textFilter = (max: number) =>
  z.string(fieldIssue('notString')).trim().max(max, fieldIssue('maxChars', { max })).optional();

/** A calendar day `YYYY-MM-DD` (UTC); as a date filter's bound, see `dayOrInstant`. */
export const dayString = z
  .string(fieldIssue('notString'))
  .regex(/^\d{4}-\d{2}-\d{2}$/, fieldIssue('date'))
  // Round-tripped: Date.parse alone accepts 2026-02-30 (as 2 March).
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, fieldIssue('realDate'));

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
// A date-time with seconds optional and a zone (Z or ±hh:mm) required, as the B-End API's order filter takes it.
const ISO_INSTANT = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/**
 * A date filter's bound, the one of every list filtered by date (the portal's transactions, the
 * console's orders queue, a merchant's transactions, the audit log, and their CSV exports): a day
 * `YYYY-MM-DD` (the whole UTC day), or an instant, an ISO 8601 date-time with a zone. The web app
 * sends its reader's local days as instants (`2026-11-29T00:00:00.000-10:00` to
 * `2026-11-29T23:59:59.999-10:00`, see its `local-days.ts`), so a list holds the rows whose local
 * date its table shows. Both ends are inclusive; a `to` without fractions covers its whole second
 * (the server turns a bound into stored UTC form with `lowerBound` / `upperBoundExclusive`).
 */
export const dayOrInstant = z
  .string(fieldIssue('notString'))
  .refine((s) => ISO_DAY.test(s) || ISO_INSTANT.test(s), { ...fieldIssue('date'), abort: true })
  .refine((s) => {
    const day = ISO_INSTANT.exec(s)?.[1];
    // Date.parse alone takes 2026-02-30 (as 2 March): the day is held to dayString's rule.
    return day === undefined
      ? dayString.safeParse(s).success
      : dayString.safeParse(day).success && !Number.isNaN(Date.parse(s));
  }, fieldIssue('realDate'));

/** The first and last millisecond a bound covers (a day: the whole UTC day). */
const startOf = (b: string) => Date.parse(ISO_DAY.test(b) ? `${b}T00:00:00Z` : b);
const endOf = (b: string) =>
  ISO_DAY.test(b) ? startOf(b) + 86_399_999 : Date.parse(b) + (/\.\d/.test(b) ? 0 : 999);

/** `from`/`to` bounds (`dayOrInstant`), both inclusive; `from` must not be after `to`. */
export const dateRange = {
  from: dayOrInstant.optional(),
  to: dayOrInstant.optional(),
};
/** `from` must not be after `to` (days compare as days, instants as instants, either with either). */
export const checkDateRange = (v: { from?: string | undefined; to?: string | undefined }) =>
  !v.from || !v.to || !(startOf(v.from) > endOf(v.to));
/** The refusal of a range that ends before it starts, on `from`: `.refine(checkDateRange, dateRangeMessage)`. */
export const dateRangeMessage = { ...fieldIssue('fromAfterTo'), path: ['from'] };

/**
 * A money amount as typed into a form: "12", "12.3", "-5.00"; at most 2 decimals, and at most the
 * largest amount a balance holds: a figure too long reads as too large, not as no amount.
 */
export const moneyInput = z
  .string(fieldIssue('amount'))
  .trim()
  .regex(/^(-\d{1,13}|\d+)(\.\d{1,2})?$/, fieldIssue('amount'))
  .refine((s) => !/^\d{14}/.test(s), fieldIssue('maxValue', { max: formatMoney(MAX_BALANCE_MINOR) }));

/**
 * The type message of a text field: "is required" when it is absent, "must be a string" for any
 * other type. Only for that issue: a schema-wide message would also stand in for every check
 * without one of its own, and a too-long value would read "is required".
 */
export const textTypeError: z.core.$ZodErrorMap = (issue) =>
  issue.code !== 'invalid_type'
    ? undefined
    : fieldMessage(issue.input === undefined ? 'required' : 'notString');

/**
 * A required string of at most `max` characters, trimmed unless `trim: false` (ids, passwords):
 * "is required" when absent or empty, "must be a string", "must be at most N characters".
 */
export const requiredString = (max: number, { trim = true }: { trim?: boolean } = {}) => {
  const text = z.string({ error: textTypeError });
  // Nothing else is said of an empty value: a rule refined on after this one would refuse it too.
  return (trim ? text.trim() : text)
    .min(1, { ...fieldIssue('required'), abort: true })
    .max(max, fieldIssue('maxChars', { max }));
};

/**
 * Line breaks and tabs: fine in a note or an address, not in a name or a label, which every list,
 * CSV export and log line shows on one line (other control characters are refused everywhere).
 */
const LINE_BREAK = /[\t\n\r\u0085\u2028\u2029]/;
export const isOneLine = (text: string): boolean => !LINE_BREAK.test(text);
export const ONE_LINE_ERROR = fieldMessage('oneLine');

/** A required name or label: requiredString, and on one line. */
export const requiredLine = (max: number) => requiredString(max).refine(isOneLine, { error: ONE_LINE_ERROR });

/** A phone number as people write it: an optional +, then digits, spaces, ( ) - and dots; 5 to 30 characters. */
const PHONE = /^\+?[0-9][0-9 ()\-.]{4,29}$/;

/**
 * The one phone rule of the web forms (a merchant's contact, an order's recipient), for
 * `.refine(...phoneRule)`; null passes (an optional field left empty). The B-End and Action APIs
 * take any recipient phone text: their spec pins none.
 */
export const phoneRule: [(phone: string | null) => boolean, { error: string }] = [
  (phone) => phone === null || PHONE.test(phone),
  fieldIssue('phone'),
];

// ISO 3166-1 alpha-2: the 249 assigned codes (as Debian's iso-codes lists them), and XK, which is
// user-assigned, not ISO's, but is how carriers and the EU write Kosovo: an order there must go.
const COUNTRY_CODES = new Set(
  (
    'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS ' +
    'BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE ' +
    'EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM ' +
    'HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC ' +
    'LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA ' +
    'NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW ' +
    'SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO ' +
    'TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW' +
    ' XK'
  ).split(' '),
);

/** Whether `code` is a country's ISO 3166-1 alpha-2 code (upper case): "US", not "us" or "XX". */
export const isCountryCode = (code: string): boolean => COUNTRY_CODES.has(code);

/** An ISO 3166-1 alpha-2 country code, upper-cased before the check (a profile's, a recipient's). */
export const countryRule: [(country: string | null) => boolean, { error: string }] = [
  (country) => country === null || isCountryCode(country),
  fieldIssue('country'),
];

/** A non-empty note an operator must give for money movements and status changes. */
export const requiredNote = requiredString(255);

/** Search text (order no, e-mail, title…): trimmed, at most 200 characters, empty = none. */
export const searchText = z
  .string(fieldIssue('notString'))
  .trim()
  .max(200, fieldIssue('maxChars', { max: 200 }))
  .optional()
  .transform((s) => (s ? s : undefined));

/** The body of a request whose only purpose is the action itself. */
export const emptyBody = z.object({}).strict();
