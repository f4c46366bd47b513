/**
 * Every message a portal or console form can show on a field, by id. Each is the one definition of
 * its words: the schemas here, the server's services and doors make their English text with
 * `fieldMessage` (the wire's `error.fields` stays English, for API users), and the web app reads
 * a text back to its id and params (`readFieldMessage`) to show it in the reader's language
 * (`fieldMessages.<id>`). `{{name}}` marks a parameter, as in the web app's translation files.
 *
 * @example
 * ```ts
 * fieldMessage('maxChars', { max: 64 }); // 'must be at most 64 characters'
 * readFieldMessage('must be at most 64 characters'); // { id: 'maxChars', params: { max: '64' } }
 * ```
 */
export const FIELD_MESSAGES = {
  // Any text or number
  required: 'is required',
  notString: 'must be a string',
  empty: 'is empty',
  maxChars: 'must be at most {{max}} characters',
  minChars: 'must be at least {{min}} characters',
  oneLine: 'must be on one line',
  controlChars: 'must not contain control characters',
  integer: 'must be an integer',
  minValue: 'must be at least {{min}}',
  maxValue: 'must be at most {{max}}',
  integerBetween: 'must be an integer from {{min}} to {{max}}',
  wholeNumber: 'must be a whole number, 0 or more',
  boolean: 'must be true or false',
  date: 'must be a date like 2026-11-28',
  realDate: 'must be a real date',
  fromAfterTo: 'from: must not be after to',
  // Money and credit
  amount: 'must be an amount like 12.30',
  notNegative: 'must not be negative',
  notZero: 'must not be zero',
  currency: 'must be an ISO 4217 code like USD',
  currencyWithCents: 'must be an ISO 4217 currency with cents, like USD',
  repaymentPositive: 'a repayment must be positive',
  exceedsUsed: 'exceeds the used credit ({{used}})',
  limitAboveMax: 'the credit limit cannot exceed {{max}}',
  limitBelowZero: 'the credit limit cannot go below 0.00',
  limitBelowUsed: 'the limit cannot drop below the used credit ({{used}})',
  // People, addresses and accounts
  email: 'must be an email address',
  emailTaken: 'already registered',
  phone: 'must be a phone number like +1 415 555 0100',
  country: 'must be a 2-letter country code like US',
  accountNumber: 'must be 4 to 34 letters or digits',
  bankCode: 'must be a SWIFT/BIC code (8 or 11 characters) or a routing/sort code',
  // Passwords
  tooSimple: 'is too simple: use more different characters',
  passwordMismatch: 'does not match the new password',
  samePassword: 'must differ from the current password',
  notCurrentPassword: 'is not your current password',
  // Orders
  usedByOrder: 'is already used by order {{orderNo}}',
  usedByBatch: 'is already used by batch {{batchNo}}',
  requiredToShip: 'is required to ship',
  requiredToRefund: 'is required to cancel or fail an order',
  selectOrders: 'select at least one order',
  shipCsvColumns: 'must have 3 columns: order_no,carrier,tracking_no',
  changeOne: 'change at least one of price, stock, status',
  // Webhooks
  eventTypes: 'must be event types: {{types}} (or *)',
  eventList: 'must be a list of event types',
  eventMin: 'must name at least one event type (or * for all)',
  graceHours: 'must be a whole number of hours from 0 to {{max}}',
  thresholdText: 'must be a decimal string like "100.00", or null',
  threshold: 'must be a non-negative amount like "100.00", or null',
  maxEndpoints: 'at most {{max}} endpoints per merchant',
  urlAbsolute: 'must be an absolute URL like https://example.com/webhooks',
  urlCredentials: 'must not contain a user name or password',
  urlFragment: 'must not contain a #fragment',
  // `hint` says what to do instead: publicUrlHint for a merchant (the CLI's own words for an operator).
  urlHttps: 'must start with https://; {{hint}}',
  urlLocalhost: 'must not point at localhost; {{hint}}',
  urlPrivate: 'must not point at a private or loopback address; {{hint}}',
  publicUrlHint: "give your receiver's public https:// address",
} as const;

export type FieldMessageId = keyof typeof FIELD_MESSAGES;

type Placeholders<T extends string> = T extends `${string}{{${infer P}}}${infer Rest}`
  ? P | Placeholders<Rest>
  : never;

/** The parameters a message's text needs, by name (none for most). */
export type FieldMessageParams<Id extends FieldMessageId> = {
  [K in Placeholders<(typeof FIELD_MESSAGES)[Id]>]: string | number;
};

type ParamsArg<Id extends FieldMessageId> = [Placeholders<(typeof FIELD_MESSAGES)[Id]>] extends [never]
  ? []
  : [params: FieldMessageParams<Id>];

const PLACEHOLDER = /\{\{(\w+)\}\}/g;

/** A catalog message's English text. */
export function fieldMessage<Id extends FieldMessageId>(id: Id, ...params: ParamsArg<Id>): string {
  const values = ((params as unknown[])[0] ?? {}) as Record<string, string | number>;
  return FIELD_MESSAGES[id].replace(PLACEHOLDER, (_, name: string) => String(values[name]));
}

/** The same, as zod's check option (`.min(1, fieldIssue('required'))`). */
export function fieldIssue<Id extends FieldMessageId>(id: Id, ...params: ParamsArg<Id>): { error: string } {
  return { error: fieldMessage(id, ...params) };
}

export interface ReadFieldMessage {
  id: FieldMessageId;
  params: Record<string, string>;
}

interface Reader {
  id: FieldMessageId;
  pattern: RegExp;
  names: string[];
}

let readers: Reader[] | undefined;

/**
 * Each template as an anchored pattern. The ones with the most fixed text are tried first, so
 * "must be at most 64 characters" is `maxChars`, not `maxValue` with "64 characters".
 */
function compile(): Reader[] {
  const literalLength = (t: string) => t.replace(PLACEHOLDER, '').length;
  return (Object.keys(FIELD_MESSAGES) as FieldMessageId[])
    .sort((a, b) => literalLength(FIELD_MESSAGES[b]) - literalLength(FIELD_MESSAGES[a]))
    .map((id) => {
      const parts = FIELD_MESSAGES[id].split(/\{\{(\w+)\}\}/);
      const names = parts.filter((_, i) => i % 2 === 1);
      const source = parts
        .map((p, i) => (i % 2 === 1 ? '(.+?)' : p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
        .join('');
      return { id, pattern: new RegExp(`^${source}$`, 's'), names };
    });
}

/**
 * The catalog message a text was made from, with its parameters as text; undefined for any
 * other text (a message from outside the catalog is shown as it is).
 */
export function readFieldMessage(text: string): ReadFieldMessage | undefined {
  readers ??= compile();
  for (const r of readers) {
    const m = r.pattern.exec(text);
    if (m) return { id: r.id, params: Object.fromEntries(r.names.map((n, i) => [n, m[i + 1]!])) };
  }
  return undefined;
}
