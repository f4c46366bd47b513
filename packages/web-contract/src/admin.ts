import type { Credit, CreditTransaction, Order, Page, Product, Sku } from '@tradepost/protocol';
import { z } from 'zod';
import {
  checkDateRange,
  dateRange,
  dateRangeMessage,
  isOneLine,
  moneyInput,
  ONE_LINE_ERROR,
  oneOf,
  pageQuery,
  requiredNote,
  requiredLine,
  requiredString,
  searchText,
  textFilter,
} from './common.ts';
import type { ListPage } from './common.ts';
import type { AuditEvent } from './audit.ts';
import { fieldIssue } from './field-messages.ts';
import { CREDIT_ENTRY_TYPES, parseMoney } from './money.ts';
import type { AppView, OrderItemLabel, TokenView } from './portal.ts';
import { RECIPIENT_CSV_COLUMNS } from './portal.ts';
import type { Profile } from './profile.ts';
import { newPassword, OPERATOR_ROLES, type OperatorRole } from './session.ts';
import {
  CARRIER_MAX_CHARS,
  ORDER_REASON_MAX_CHARS,
  ORDER_STATUSES,
  SALE_STATUSES,
  TRACKING_NO_MAX_CHARS,
} from './wire.ts';

/** Request schemas and response types of the operator console API (`/admin/api`). */

// ── Overview ─────────────────────────────────────────────────────────────────

/** The credit the platform has granted in one currency, summed over its merchants' accounts. */
export interface CreditExposure {
  currency: string;
  /** Accounts in this currency. */
  accounts: number;
  /** Their credit limits, summed. */
  credit_limit: string;
  /** What merchants have drawn and not yet repaid, summed (a merchant in credit counts 0). */
  drawn: string;
  /** drawn / credit_limit, as `Credit.utilization_percent`. */
  utilization_percent: string;
  /** Accounts frozen: no new orders. */
  frozen: number;
}

/** Orders waiting on the operator in one status: how many, and since when the oldest waits. */
export interface QueueFigure {
  status: 'pending' | 'processing' | 'shipped';
  /** Counted up to 1,000, as the queue counts; `count_capped`: more than that. */
  count: number;
  count_capped?: true;
  /** Creation time of the oldest order in this status, or null when there is none. */
  oldest_created_at: string | null;
}

/** The statuses the overview counts, in the order orders move through them. */
export const QUEUE_STATUSES = ['pending', 'processing', 'shipped'] as const satisfies ReadonlyArray<
  QueueFigure['status']
>;

/** The console's first page: what needs an operator now. */
export interface AdminOverview {
  merchants: { active: number; suspended: number };
  /** One row per currency, by currency code. */
  exposure: CreditExposure[];
  /** The merchants using the most of their line (drawn > 0), most first, at most 5. */
  most_utilized: Array<{ merchant_id: string; name: string; credit: Credit }>;
  queue: QueueFigure[];
  /** Webhook endpoints failing now or disabled for failing, across merchants. */
  failing_webhooks: number;
}

// ── Merchants ────────────────────────────────────────────────────────────────

export const merchantsQuery = pageQuery.extend({
  /** Matches the company name, the login e-mail or the merchant id. */
  q: searchText,
  status: oneOf(['active', 'suspended']).optional(),
  /** The credit line's status: `frozen` lists the merchants who cannot order. */
  credit_status: oneOf(['active', 'frozen']).optional(),
});
export type MerchantsQuery = z.input<typeof merchantsQuery>;

export interface MerchantListItem {
  merchant_id: string;
  name: string;
  email: string;
  status: 'active' | 'suspended';
  created_at: string;
  credit: Credit;
}
export type MerchantsPage = Page<MerchantListItem>;

export const createMerchantBody = z.object({
  email: requiredString(320),
  name: requiredLine(200),
  credit_limit: moneyInput.refine((s) => (parseMoney(s) ?? 0) >= 0, fieldIssue('notNegative')),
  currency: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{3}$/, fieldIssue('currency'))
    .default('USD'),
  /** Omit it to have a temporary password generated (shown once; changed at first sign-in). */
  password: newPassword.optional(),
});
export type CreateMerchantBody = z.input<typeof createMerchantBody>;

export interface CreatedMerchant {
  merchant_id: string;
  email: string;
  /** Present only when generated: shown once, and the merchant must change it at first sign-in. */
  temporary_password?: string;
}

/**
 * A login's failed sign-ins inside the sign-in window (15 minutes) since its newest password reset:
 * what an operator needs when someone says they cannot sign in. `held_until`: sign-in is refused
 * from at least one address until then (429), unless the password is reset first; null when it
 * is not held.
 */
export interface SignInFailures {
  count: number;
  /** From how many addresses. */
  addresses: number;
  last_at: string;
  held_until: string | null;
}

export interface MerchantDetail {
  profile: Profile;
  status: 'active' | 'suspended';
  created_at: string;
  must_change_password: boolean;
  /** Its login has two-step sign-in on (an admin can reset it: a lost phone). */
  two_factor_enabled: boolean;
  /** Its login's failed sign-ins of the last 15 minutes; null when none. */
  failed_sign_ins: SignInFailures | null;
  credit: Credit;
  recent_orders: Order[];
  recent_transactions: CreditTransaction[];
  /** Ids and status only, never a secret. */
  apps: AppView[];
  api_key: { user_id: string; read_only: boolean; created_at: string } | null;
  tokens: TokenView[];
  /** While the credit line is frozen: the audit entry that froze it (when, by whom, the note). */
  frozen_by: AuditEvent | null;
  /** While the account is suspended: the audit entry that suspended it. */
  suspended_by: AuditEvent | null;
}

export const merchantStatusBody = z.object({ status: oneOf(['active', 'suspended']), note: requiredNote });
export type MerchantStatusBody = z.infer<typeof merchantStatusBody>;

export const creditStatusBody = z.object({ status: oneOf(['active', 'frozen']), note: requiredNote });
export type CreditStatusBody = z.infer<typeof creditStatusBody>;

/**
 * An operator corrects the merchant's login e-mail (its portal sign-in and Action API `UserID`):
 * stored as the merchant's creation stores it (trimmed, lower-cased), unique among merchant logins.
 * The profile and the bank account are corrected with the portal's own `profileBody` and
 * `bankAccountBody`.
 */
export const merchantEmailBody = z.object({ email: requiredString(320) });
export type MerchantEmailBody = z.input<typeof merchantEmailBody>;

/**
 * Makes a request once: a second request with the same key (a double-click, a retry after a lost
 * answer) gets the first one's result and changes nothing. The console sends a fresh one with
 * each confirmation.
 */
export const idempotencyKey = z
  .string(fieldIssue('idempotencyKey'))
  .regex(/^[A-Za-z0-9_-]{16,64}$/, fieldIssue('idempotencyKey'));

/**
 * One money movement, each a ledger entry: `limit_change` moves the limit by `amount` (negative
 * lowers it), `repayment` (positive) and `adjustment` (either sign) change the available credit.
 */
export const creditEntryBody = z.object({
  type: oneOf(CREDIT_ENTRY_TYPES),
  amount: moneyInput,
  note: requiredNote,
  idempotency_key: idempotencyKey.optional(),
});
export type CreditEntryBody = z.infer<typeof creditEntryBody>;

/** `POST /merchants/:id/two-factor-reset` and `/operators/:id/two-factor-reset` (admin): why, for the audit log. */
export const twoFactorResetBody = z.object({ note: requiredNote });
export type TwoFactorResetBody = z.infer<typeof twoFactorResetBody>;

export interface PasswordReset {
  email: string;
  /** Shown once; the merchant (or operator) must change it at the next sign-in. */
  temporary_password: string;
}

// ── Operators (the console's team) ───────────────────────────────────────────

export const OPERATOR_STATUSES = ['active', 'disabled'] as const;
export type OperatorStatus = (typeof OPERATOR_STATUSES)[number];

/** A console login as the team page lists it. */
export interface OperatorView {
  operator_id: string;
  email: string;
  name: string;
  role: OperatorRole;
  status: OperatorStatus;
  /** Signed in with a temporary password not yet changed (new, or reset). */
  must_change_password: boolean;
  created_at: string;
}

/** An operator on the team page: with when they last signed in to the console (null: never). */
export interface TeamMemberView extends OperatorView {
  last_sign_in_at: string | null;
  /** Two-step sign-in is on (an admin may reset another operator's after a lost phone). */
  two_factor_enabled: boolean;
  /** Failed console sign-ins of the last 15 minutes; null when none. */
  failed_sign_ins: SignInFailures | null;
}

/** A new operator gets a temporary password, shown once, to change at the first sign-in. */
export const createOperatorBody = z.object({
  email: requiredString(320),
  name: z
    .string()
    .trim()
    .max(200)
    .refine(isOneLine, { error: ONE_LINE_ERROR })
    .optional()
    .transform((v) => v || undefined),
  role: oneOf(OPERATOR_ROLES),
});
export type CreateOperatorBody = z.input<typeof createOperatorBody>;

export interface CreatedOperator {
  operator: OperatorView;
  temporary_password: string;
}

export const operatorRoleBody = z.object({ role: oneOf(OPERATOR_ROLES) });
export type OperatorRoleBody = z.infer<typeof operatorRoleBody>;

export const operatorStatusBody = z.object({ status: oneOf(OPERATOR_STATUSES) });
export type OperatorStatusBody = z.infer<typeof operatorStatusBody>;

// ── Orders ───────────────────────────────────────────────────────────────────

const adminOrdersFilters = {
  status: oneOf(ORDER_STATUSES).optional(),
  merchant_id: textFilter(64),
  q: searchText,
  ...dateRange,
};
export const adminOrdersQuery = pageQuery.extend(adminOrdersFilters).refine(checkDateRange, dateRangeMessage);
export type AdminOrdersQuery = z.input<typeof adminOrdersQuery>;

/** The queue's filters without paging: the CSV export streams every matching order. */
export const adminOrdersExportQuery = z.object(adminOrdersFilters).refine(checkDateRange, dateRangeMessage);
export type AdminOrdersExportQuery = z.input<typeof adminOrdersExportQuery>;

/**
 * The order export's header row. It opens with the CSV ship file's three columns, so the file a
 * warehouse gets (every processing order with its recipient) comes back with carrier and tracking
 * number filled in and is shipped as it is; the rest is what packing and reconciling need.
 */
export const ORDERS_CSV_COLUMNS = [
  'order_no',
  'carrier',
  'tracking_no',
  'status',
  'merchant_order_no',
  'merchant_id',
  'merchant_name',
  'goods_id',
  'sku_id',
  'quantity',
  'unit_price',
  'amount',
  'currency',
  ...RECIPIENT_CSV_COLUMNS,
  'created_at',
  'shipped_at',
  'delivered_at',
  'cancelled_at',
  'cancel_reason',
] as const;
export type OrdersCsvColumn = (typeof ORDERS_CSV_COLUMNS)[number];

/** The portal's order export: the same columns without the merchant's own (every order is theirs). */
export const MERCHANT_ORDERS_CSV_COLUMNS = ORDERS_CSV_COLUMNS.filter(
  (c): c is Exclude<OrdersCsvColumn, 'merchant_id' | 'merchant_name'> =>
    c !== 'merchant_id' && c !== 'merchant_name',
);

export interface AdminOrder extends Order {
  merchant_id: string;
  /** The merchant's company name, for people (links use merchant_id). */
  merchant_name: string;
}
export type AdminOrdersPage = ListPage<AdminOrder>;

/** One order in the console: its ledger entries, and who moved it (the audit log). */
export interface AdminOrderDetail extends AdminOrder {
  ledger: CreditTransaction[];
  /** What was bought, in words; null when it is no longer in the catalog. */
  item: OrderItemLabel | null;
  /**
   * Its `order.status_changed` audit entries, newest first: each move by an operator and the
   * merchant's own cancel, with when and the note.
   */
  history: AuditEvent[];
}

/** Target states an operator may ask for (the lifecycle service decides which moves are legal). */
export const OPERATOR_TARGET_STATUSES = [
  'processing',
  'shipped',
  'delivered',
  'cancelled',
  'failed',
] as const;

/** An operator's reason for a move: told to the merchant on a cancel or failure; as long as a merchant's. */
const reasonText = z
  .string()
  .trim()
  .max(ORDER_REASON_MAX_CHARS, fieldIssue('maxChars', { max: ORDER_REASON_MAX_CHARS }))
  .optional();

/** A cancel or a failure refunds the order: the merchant is told why, so a reason is required. */
const reasonToRefund: [
  (v: { status: string; reason?: string | undefined }) => boolean,
  { error: string; path: string[] },
] = [
  (v) => (v.status !== 'cancelled' && v.status !== 'failed') || !!v.reason,
  { ...fieldIssue('requiredToRefund'), path: ['reason'] },
];

export const transitionBody = z
  .object({
    status: oneOf(OPERATOR_TARGET_STATUSES),
    carrier: requiredLine(CARRIER_MAX_CHARS).optional(),
    tracking_no: requiredLine(TRACKING_NO_MAX_CHARS).optional(),
    reason: reasonText,
  })
  .refine((v) => v.status !== 'shipped' || (v.carrier && v.tracking_no), {
    ...fieldIssue('requiredToShip'),
    path: ['tracking_no'],
  })
  .refine(...reasonToRefund);
export type TransitionBody = z.input<typeof transitionBody>;

/**
 * Move many orders at once (e.g. 200 selected → processing, or cancelled with one reason). All or
 * nothing: if any one cannot make the move, none moves and the error's `fields` name each by
 * order No.
 */
export const bulkTransitionBody = z
  .object({
    order_nos: z.array(z.string().min(1).max(64)).min(1, fieldIssue('selectOrders')).max(1000),
    status: oneOf(['processing', 'delivered', 'cancelled', 'failed']),
    reason: reasonText,
  })
  .refine(...reasonToRefund);
export type BulkTransitionBody = z.input<typeof bulkTransitionBody>;

export interface BulkTransitionResult {
  results: Array<
    | { order_no: string; ok: true; order: Order }
    | { order_no: string; ok: false; error: { code: string; message: string } }
  >;
}

/**
 * A CSV of `order_no,carrier,tracking_no` (a header row with those names is optional). All or
 * nothing: one bad line and nothing is shipped; the error's `fields` are keyed `line N`.
 */
export const shipCsvBody = z.object({ csv: z.string().min(1, fieldIssue('empty')).max(5_000_000) });
export type ShipCsvBody = z.infer<typeof shipCsvBody>;
export interface ShipCsvResult {
  shipped: number;
}

// ── Catalog ──────────────────────────────────────────────────────────────────

/** The CLI's `catalog import` file (JSON or CSV), sent as text. Per-line errors in `fields`. */
export const catalogImportBody = z.object({
  content: z.string().min(1, fieldIssue('empty')),
  format: oneOf(['json', 'csv']).optional(),
  file_name: z.string().max(255).optional(),
});
export type CatalogImportBody = z.input<typeof catalogImportBody>;
export interface CatalogImportResult {
  products: number;
  skus: number;
  inserted: number;
  updated: number;
}
/** An import's problems, one per line, all of them (nothing is imported). */
export interface CatalogImportErrors {
  errors: Array<{ line: number; message: string }>;
}

export const adminProductsQuery = pageQuery.extend({
  q: searchText,
  category: textFilter(128),
  status: oneOf(SALE_STATUSES).optional(),
});
export type AdminProductsQuery = z.input<typeof adminProductsQuery>;
export type AdminProductsPage = Page<Product>;

export const productStatusBody = z.object({ status: oneOf(SALE_STATUSES) });
export type ProductStatusBody = z.infer<typeof productStatusBody>;

/**
 * Price applies to new orders only: an existing order keeps the price it was placed at. Which
 * amounts a price may be (greater than 0) is the catalog's rule, as for an import; a refusal comes
 * back on the `price` field.
 */
export const skuUpdateBody = z
  .object({
    price: moneyInput.optional(),
    stock: z
      .number(fieldIssue('wholeNumber'))
      .int(fieldIssue('wholeNumber'))
      .min(0, fieldIssue('wholeNumber'))
      .max(1_000_000_000, fieldIssue('maxValue', { max: 1_000_000_000 }))
      .optional(),
    status: oneOf(SALE_STATUSES).optional(),
  })
  .refine((v) => v.price !== undefined || v.stock !== undefined || v.status !== undefined, {
    ...fieldIssue('changeOne'),
    path: ['price'],
  });
export type SkuUpdateBody = z.input<typeof skuUpdateBody>;
export type SkuView = Sku;
