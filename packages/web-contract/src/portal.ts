import type {
  BatchOrder,
  Credit,
  CreditTransaction,
  Order,
  OrderStatus,
  Page,
  Product,
  Sku,
} from '@tradepost/protocol';
import { z } from 'zod';
import {
  checkDateRange,
  countryRule,
  dateRange,
  dateRangeMessage,
  ledgerAsOf,
  oneOf,
  pageQuery,
  phoneRule,
  requiredLine,
  requiredString,
  searchText,
  textFilter,
  textTypeError,
} from './common.ts';
import type { ListPage } from './common.ts';
import { fieldIssue } from './field-messages.ts';
import { ORDER_STATUSES, ORDER_TRANSITIONS, TRANSACTION_TYPES } from './wire.ts';

/** Request schemas and response types of the merchant portal API (`/portal/api`). */

// ── Dashboard and credit ─────────────────────────────────────────────────────

/** Available credit below this share of the limit raises the dashboard's low-credit warning. */
export const LOW_CREDIT_PERCENT = 10;

export interface DailySpend {
  /** `YYYY-MM-DD` (UTC). */
  date: string;
  /**
   * Order debits that day less refunds, as Money ("0.00" for a quiet day); negative ("-12.00") on a
   * day whose refunds outweigh its orders.
   */
  amount: string;
}

export interface Dashboard {
  credit: Credit;
  merchant_status: 'active' | 'suspended';
  /** available < LOW_CREDIT_PERCENT % of the limit (or no limit at all). */
  low_credit: boolean;
  /** The last 30 days, oldest first, every day present. */
  daily_spend: DailySpend[];
  recent_orders: Order[];
  recent_transactions: CreditTransaction[];
}

export interface CreditOverview {
  credit: Credit;
  low_credit: boolean;
  /** What operators posted to the line (limit changes, repayments, adjustments), newest first (the latest 100). */
  history: CreditTransaction[];
}

// ── Transactions ─────────────────────────────────────────────────────────────

export const transactionsQuery = pageQuery
  .extend({ type: oneOf(TRANSACTION_TYPES).optional(), ...dateRange, as_of: ledgerAsOf })
  .refine(checkDateRange, dateRangeMessage);
export type TransactionsQuery = z.input<typeof transactionsQuery>;
/**
 * A page of the ledger as of entry `as_of` (the query's, or else the newest entry when it was read;
 * null: no entries yet): ask the next page with the same `as_of`. `newer`: how many entries
 * matching the filters came after it.
 */
export type TransactionsPage = Page<CreditTransaction> & { as_of: number | null; newer: number };

/** The same filters without paging: the CSV export streams every matching row. */
export const transactionsExportQuery = z
  .object({ type: oneOf(TRANSACTION_TYPES).optional(), ...dateRange })
  .refine(checkDateRange, dateRangeMessage);
export type TransactionsExportQuery = z.input<typeof transactionsExportQuery>;

/** The CSV export's header row; the columns are the table's, in the same order. */
export const TRANSACTIONS_CSV_COLUMNS = [
  'reference_no',
  'type',
  'amount',
  'balance_before',
  'balance_after',
  'currency',
  'order_no',
  'description',
  'created_at',
] as const;

// ── Orders ───────────────────────────────────────────────────────────────────

const ordersFilters = {
  status: oneOf(ORDER_STATUSES).optional(),
  /** Matches `order_no` or `merchant_order_no` (exact or prefix). */
  q: searchText,
  ...dateRange,
};
export const ordersQuery = pageQuery.extend(ordersFilters).refine(checkDateRange, dateRangeMessage);
export type OrdersQuery = z.input<typeof ordersQuery>;
/** The list's filters without paging: the CSV export streams every order they match. */
export const ordersExportQuery = z.object(ordersFilters).refine(checkDateRange, dateRangeMessage);
export type OrdersExportQuery = z.input<typeof ordersExportQuery>;
export type OrdersPage = ListPage<Order>;

export interface OrderDetail {
  order: Order;
  /** The batch it was placed in (its page: /batches/:batchNo), null when placed on its own. */
  batch_no: string | null;
  /** Its ledger entries: the debit, and a refund once cancelled or failed. */
  ledger: CreditTransaction[];
  /** What was bought, in words; null when it is no longer in the catalog. */
  item: OrderItemLabel | null;
}

/** An order's product title and SKU spec as the catalog has them now (an order keeps only ids). */
export interface OrderItemLabel {
  title: string;
  spec: string;
}

export type BatchDetail = BatchOrder;

/**
 * The portal's cancel: an optional reason. Its rule (≤ 200 characters, no control characters) is
 * the order service's, as on every merchant door; a refusal comes back on the `reason` field.
 */
export const cancelOrderBody = z.object({ reason: z.string({ error: textTypeError }).optional() });
export type CancelOrderBody = z.input<typeof cancelOrderBody>;

/**
 * Whether a SKU can be ordered now, as the order service decides it: its product and itself on
 * sale, and stock left. Anything else is `off_sale` (either is off sale) or `out_of_stock`.
 */
export function skuAvailability(
  product: Pick<Product, 'status'>,
  sku: Pick<Sku, 'status' | 'stock'>,
): 'orderable' | 'off_sale' | 'out_of_stock' {
  if (product.status !== 'on_sale' || sku.status !== 'on_sale') return 'off_sale';
  return sku.stock > 0 ? 'orderable' : 'out_of_stock';
}

/** A product's best SKU's availability (skuAvailability): orderable if any SKU is. */
export function productAvailability(
  product: Pick<Product, 'status'> & { skus: ReadonlyArray<Pick<Sku, 'status' | 'stock'>> },
): ReturnType<typeof skuAvailability> {
  const each = product.skus.map((s) => skuAvailability(product, s));
  return each.includes('orderable')
    ? 'orderable'
    : each.includes('out_of_stock')
      ? 'out_of_stock'
      : 'off_sale';
}

/** Whether the merchant may still cancel an order in this status (the state machine's edge). */
export const canCancel = (status: OrderStatus): boolean => ORDER_TRANSITIONS[status].includes('cancelled');

/** How many of a SKU one order may buy: every door's rule (bend-v1.md), and the order form's total. */
export const ORDER_QUANTITY = { min: 1, max: 999 } as const;

/** The B-End API's words for a bad quantity, so both doors refuse it alike. */
const QUANTITY = fieldIssue('integerBetween', ORDER_QUANTITY);

/** An order's quantity: a JSON number, a whole one within ORDER_QUANTITY. */
export const orderQuantity = z
  .number(QUANTITY)
  .int(QUANTITY)
  .min(ORDER_QUANTITY.min, QUANTITY)
  .max(ORDER_QUANTITY.max, QUANTITY);

/** The portal's order form; the service applies its own rules again (one set of rules). */
export const placeOrderBody = z.object({
  goods_id: requiredString(64, { trim: false }),
  sku_id: requiredString(64, { trim: false }),
  // A JSON number, as on the B-End API: text ("2", "1e0", "0x1") and true are refused, never
  // converted. The web app's form turns its digits into a number before it sends them.
  quantity: orderQuantity,
  merchant_order_no: z
    .string()
    .trim()
    .max(64, fieldIssue('maxChars', { max: 64 }))
    .optional()
    .transform((s) => (s ? s : undefined)),
  shipping_address: z.object({
    name: requiredString(200),
    phone: requiredString(50).refine(...phoneRule),
    address: requiredString(500),
    city: requiredString(100),
    country: z
      .string({ error: textTypeError })
      .trim()
      .toUpperCase()
      .refine(...countryRule),
    postal_code: z
      .string()
      .trim()
      .max(20, fieldIssue('maxChars', { max: 20 }))
      .default(''),
  }),
});
export type PlaceOrderBody = z.input<typeof placeOrderBody>;

/** An order's shipping address as CSV columns: the order export's, and the portal's batch file's. */
export const RECIPIENT_CSV_COLUMNS = [
  'recipient_name',
  'recipient_phone',
  'address',
  'city',
  'postal_code',
  'country',
] as const;

/**
 * The portal's batch file: a header row naming these columns in any order (the order export's
 * names for the recipient), then one order per line. `merchant_order_no` and `postal_code` may be
 * left out; any other column is refused, so a misspelt one is not silently dropped.
 */
export const BATCH_CSV_COLUMNS = [
  'merchant_order_no',
  'goods_id',
  'sku_id',
  'quantity',
  ...RECIPIENT_CSV_COLUMNS,
] as const;
export const BATCH_CSV_OPTIONAL_COLUMNS: readonly (typeof BATCH_CSV_COLUMNS)[number][] = [
  'merchant_order_no',
  'postal_code',
];
/** Orders in one batch: every merchant door's limit (bend-v1.md). */
export const BATCH_MAX_ORDERS = 500;

/** A batch from a file: its CSV text, and the merchant's own batch reference (a repeat places nothing). */
export const placeBatchBody = z.object({
  csv: z.string({ error: textTypeError }).min(1, fieldIssue('empty')).max(2_000_000),
  merchant_batch_no: z
    .string({ error: textTypeError })
    .trim()
    .max(64, fieldIssue('maxChars', { max: 64 }))
    .optional()
    .transform((s) => (s ? s : undefined)),
});
export type PlaceBatchBody = z.input<typeof placeBatchBody>;

// ── Products ─────────────────────────────────────────────────────────────────

export const productsQuery = pageQuery.extend({
  category: textFilter(128),
  q: searchText,
});
export type ProductsQuery = z.input<typeof productsQuery>;
export type ProductsPage = Page<Product>;
export interface Categories {
  categories: string[];
}

// ── API access ───────────────────────────────────────────────────────────────

export const credentialName = requiredLine(100);

export interface AppView {
  app_id: string;
  name: string;
  status: 'active' | 'disabled';
  created_at: string;
  keys_rotated_at: string;
  /** The last signed B-End request it made (to the minute), null if never. */
  last_used_at: string | null;
}

/** Shown once, in the answer that creates or rotates them. */
export interface AppKeys {
  app_id: string;
  name: string;
  secret_key: string;
  sign_key: string;
}

export const createAppBody = z.object({ name: credentialName });
export type CreateAppBody = z.infer<typeof createAppBody>;
export const appStatusBody = z.object({ status: oneOf(['active', 'disabled']) });
export type AppStatusBody = z.infer<typeof appStatusBody>;

export interface ApiKeyView {
  /** The Action API `UserID`: the login e-mail. */
  user_id: string;
  read_only: boolean;
  created_at: string;
}
export interface ApiKeyState {
  key: ApiKeyView | null;
}
/** Shown once. Regenerating replaces (and so stops) the previous key. */
export interface NewApiKey extends ApiKeyView {
  api_key: string;
}
export const generateApiKeyBody = z.object({ read_only: z.boolean().default(false) });
export type GenerateApiKeyBody = z.input<typeof generateApiKeyBody>;

export interface TokenView {
  token: string;
  name: string;
  read_only: boolean;
  status: 'active' | 'revoked';
  created_at: string;
  revoked_at: string | null;
  last_used_at: string | null;
}
/** Shown once. */
export interface NewToken {
  token: string;
  secret_key: string;
  name: string;
  read_only: boolean;
  created_at: string;
}
export const createTokenBody = z.object({ name: credentialName, read_only: z.boolean().default(false) });
export type CreateTokenBody = z.input<typeof createTokenBody>;

export interface ListOf<T> {
  items: T[];
}

/** "Your Credentials" on the API documentation page: ids only, never a secret. */
export interface YourCredentials {
  /** This server's B-End base URL, as the browser reached it. */
  base_url: string;
  apps: Array<Pick<AppView, 'app_id' | 'name' | 'status'>>;
}
