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
  controlChars: 'must not contain control characters, text-direction controls or unpaired surrogates',
  surroundingSpace: 'must not start or end with a space',
  invisibleChars: 'must not contain invisible characters (zero-width spaces, joiners or byte order marks)',
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
  exceedsAvailable: 'exceeds the available credit ({{available}})',
  limitAboveMax: 'the credit limit cannot exceed {{max}}',
  limitBelowZero: 'the credit limit cannot go below 0.00',
  limitBelowUsed: 'the limit cannot drop below the used credit ({{used}})',
  idempotencyKey: 'must be 16 to 64 letters, digits, "_" or "-"',
  keyUsedForAnother: 'was used for another entry ({{referenceNo}})',
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
  currentSession: 'is the session you are using: sign out instead',
  // Two-step sign-in (an authenticator app's code, or a recovery code instead)
  totpCode: 'must be the 6 digits your authenticator app shows',
  recoveryCode: 'must be a recovery code like abcd-efgh-jkmn-pqrs',
  codeOrRecoveryCode: 'give a code from your authenticator app or a recovery code',
  oneOfCodes: 'give a code or a recovery code, not both',
  wrongCode: 'is not a current code: check the time on your phone and try the next one',
  wrongRecoveryCode: 'is not an unused recovery code',
  // Orders
  usedByOrder: 'is already used by order {{orderNo}}',
  usedByBatch: 'is already used by batch {{batchNo}}',
  requiredToShip: 'is required to ship',
  requiredToRefund: 'is required to cancel or fail an order',
  selectOrders: 'select at least one order',
  shipCsvColumns: 'must have 3 columns: order_no,carrier,tracking_no',
  changeOne: 'change at least one of price, stock, status',
  // An order's move, as a bulk move or a ship CSV reports it per order or line (the lifecycle's
  // own words, which the B-End, Action API and CLI answer with too). `from`/`to`/`status` are
  // the wire's status names.
  orderNotFound: 'Order not found',
  cannotMove: 'Order cannot move from {{from}} to {{to}}',
  cannotCancel: 'Order cannot be cancelled in its current status: {{from}}',
  alreadyStatus: 'Order is already {{status}}',
  requiredToShipOrder: 'is required to ship an order',
  onlyWhenShipping: 'is only given when shipping',
  notEmpty: 'must not be empty',
  // An order's own fields as the B-End, Action and WallTech APIs check them (a batch's items,
  // shown on the portal's batch page).
  countryIso: 'must be an ISO 3166-1 alpha-2 code like "US"',
  stringMayBeEmpty: 'must be a string (may be empty)',
  ordersArray: 'must be an array of orders',
  ordersCount: 'must hold 1 to {{max}} orders',
  noRows: 'has no rows',
  // A portal order refused for stock (fields.quantity), for its currency (goods_id), or (on
  // every door) for an amount past the most a money string carries (quantity).
  stockLeft: 'only {{left}} left',
  noneLeft: 'none left',
  pricedIn: 'priced in {{currency}}, the credit account is in {{account}}',
  orderAmountMax: "the order's amount (price × quantity) must be at most {{max}}",
  // The catalog's rules (an import's lines, a SKU's edit). `value` is the value as given, quoted.
  requiredBare: 'required',
  priceRequired: 'required (e.g. 12.30)',
  stockRequired: 'required (a whole number, 0 or more)',
  currencyRequired: 'required (ISO 4217, e.g. USD)',
  notAmountValue: '{{value}} is not an amount like 12.30 (at most 2 decimals, not negative)',
  priceAboveZero: '{{value}} must be greater than 0',
  notWholeNumberValue: '{{value}} is not a whole number of 0 or more',
  longerThan: 'is longer than {{max}} characters',
  idChars: '{{value}} must be 1-{{max}} letters, digits, "_", "-" or "."',
  saleStatus: '{{value}} must be on_sale or off_sale',
  notCurrencyCode: '{{value}} is not a 3-letter ISO 4217 code',
  notCurrencyWithCents: '{{value}} is not an ISO 4217 currency with cents, like USD',
  notUrl: '{{value}} is not an http(s) URL',
  urlString: 'must be a URL string',
  urlList: 'must be a list of URLs',
  maxImages: 'at most {{max}} images',
  skuList: 'must be a non-empty list of SKUs',
  maxSkus: 'at most {{max}} SKUs per product',
  notObject: 'must be an object',
  productObject: 'must be an object with title, category, currency and skus',
  notArray: 'must be an array',
  repeatsSku: '{{value}} repeats SKU #{{n}} of this product',
  usedAtLine: '{{value}} is already used at line {{line}}',
  usedAtPath: '{{value}} is already used at {{path}}',
  belongsToProduct: 'belongs to product {{goodsId}}',
  // An order's product as a batch file names it, checked before anything is placed.
  notInCatalog: '{{value}} is not in the catalog',
  offSale: 'is off sale',
  csvFieldCount: 'expected {{expected}} fields, found {{found}} (a comma inside a value needs "quotes")',
  csvDiffers: '{{value}} differs from line {{line}} ({{expected}}) for goods_id {{goodsId}}',
  fileEmpty: 'the file is empty (expected a header row)',
  fileNoProducts: 'the file holds no products',
  fileChanged: 'the file changed while it was imported',
  jsonShape: 'expected an array of products, or {"products": [...]}',
  // An import file unreadable as a whole. csvHeader's `problems` are one or more of the four
  // after it, joined by listSeparator; `columns` are column names as they are. `detail` is what
  // the parser says: jsonExpected, or a library's own words (kept as they came).
  csvHeader: 'header: {{problems}} (columns are {{columns}})',
  unknownColumn: 'unknown column {{value}}',
  columnTwice: 'column {{value}} appears twice',
  missingColumn: 'missing column {{columns}}',
  missingColumns: 'missing columns {{columns}}',
  invalidCsv: 'invalid CSV: {{detail}}',
  invalidJson: 'invalid JSON: {{detail}}',
  // `what` and `found` are a character, quoted ('"}"'), or one of the three after it.
  jsonExpected: 'expected {{what}}, found {{found}}',
  aValue: 'a value',
  closingQuote: 'closing quote',
  endOfFile: 'end of file',
  // Several messages said of one thing, one after the other (csvHeader's problems).
  listSeparator: '; ',
  // A list's filters and paging, as a hand-edited URL or an API caller may get them wrong.
  // `values` are the wire's names, joined by ", ".
  oneOf: 'must be one of {{values}}',
  notCursor: 'must be a next_cursor from an earlier page',
  // Webhooks
  eventTypes: 'must be event types: {{types}} (or *)',
  eventList: 'must be a list of event types',
  eventMin: 'must name at least one event type (or * for all)',
  graceHours: 'must be a whole number of hours from 0 to {{max}}',
  thresholdText: 'must be a decimal string like "100.00", or null',
  threshold: 'must be a non-negative amount like "100.00", or null',
  maxEndpoints: 'at most {{max}} endpoints per merchant; delete one you no longer use',
  urlAbsolute: 'must be an absolute URL like https://example.com/webhooks',
  urlCredentials: 'must not contain a user name or password',
  urlFragment: 'must not contain a #fragment',
  // Port 0 parses as a URL but no connection can be made to it.
  urlPort: 'must use a port from 1 to 65535',
  // `hint` says what to do instead: publicUrlHint for a merchant (the CLI's own words for an operator).
  urlHttps: 'must start with https://; {{hint}}',
  // Where the operator allows local receivers (http:// too): no hint, there is nothing to set.
  urlHttpOrHttps: 'must start with https:// or http://',
  urlLocalhost: 'must not point at localhost; {{hint}}',
  urlPrivate: 'must not point at a private or loopback address; {{hint}}',
  publicUrlHint: "give your receiver's public https:// address",
  // Operators: the console must keep one active admin, and nobody changes their own access.
  lastAdmin: 'the last active admin must stay an active admin',
  ownAccess: 'cannot be changed on your own account: ask another admin',
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
