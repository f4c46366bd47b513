import type { BatchOrder, BatchOrderItem, Order, ShippingAddress } from '@tradepost/protocol';
import {
  CARRIER_MAX_CHARS,
  dayOrInstant,
  fieldIssue,
  isCountryCode,
  oneOf,
  ORDER_REASON_MAX_CHARS,
  orderQuantity,
  textTypeError,
  TRACKING_NO_MAX_CHARS,
} from '@tradepost/web-contract';
import { z } from 'zod';
import { formatMoney } from '../../shared/money.ts';
import { wireTime } from '../../shared/time.ts';
import { pageSchema } from '../../shared/validation.ts';
import { ORDER_STATUSES } from './order-status.ts';
import type { BatchOrderRow, OrderRow } from './orders.table.ts';

/** Input schemas and row → wire mapping for orders and batches; the wire shapes are bend-v1.md's, from the protocol package. */
export type { BatchOrder, BatchOrderItem, Order, ShippingAddress } from '@tradepost/protocol';

// Control characters have no place in an order and would poison every format it is shown in
// (XML 1.0 cannot carry them at all), so they are refused at the door of the service.
// eslint-disable-next-line no-control-regex -- these characters are exactly what is being matched
const NO_CONTROLS = /^[^\u0000-\u001F\u007F]*$/;
const noControls = fieldIssue('controlChars');

// Absent reads "is required", another type "must be a string".
const required = (max: number) =>
  z
    .string({ error: textTypeError })
    .trim()
    .min(1, fieldIssue('notEmpty'))
    .max(max, fieldIssue('maxChars', { max }))
    .regex(NO_CONTROLS, noControls);

/**
 * The caller's own reference (merchant_order_no, merchant_batch_no): echoed back, so held to one
 * rule. Taken as sent, so a space around it is refused rather than trimmed: the portal trims what
 * is typed, and "PO-1 " must not pass as a new order beside "PO-1". Nor may an invisible format
 * character (a zero-width space, U+200B) make "PO1" a second reference that reads the same.
 */
export const merchantRef = z
  .string(fieldIssue('notString'))
  .min(1, fieldIssue('notEmpty'))
  .max(64, fieldIssue('maxChars', { max: 64 }))
  .regex(NO_CONTROLS, noControls)
  .refine((s) => s.trim() === s, fieldIssue('surroundingSpace'))
  .refine((s) => !/\p{Cf}/u.test(s), fieldIssue('invisibleChars'));

export const createOrderSchema = z.object({
  goods_id: required(64),
  sku_id: required(64),
  quantity: orderQuantity,
  merchant_order_no: merchantRef.nullish(),
  shipping_address: z.object(
    {
      name: required(200),
      phone: required(50),
      address: required(500),
      city: required(100),
      country: z.string(fieldIssue('countryIso')).refine(isCountryCode, fieldIssue('countryIso')),
      postal_code: z
        .string(fieldIssue('stringMayBeEmpty'))
        .trim()
        .max(20, fieldIssue('maxChars', { max: 20 }))
        .regex(NO_CONTROLS, noControls),
    },
    fieldIssue('notObject'),
  ),
});
export type CreateOrderInput = z.output<typeof createOrderSchema>;

export const createBatchSchema = z.object({
  merchant_batch_no: merchantRef.nullish(),
  orders: z
    .array(z.unknown(), fieldIssue('ordersArray'))
    .min(1, fieldIssue('ordersCount', { max: 500 }))
    .max(500, fieldIssue('ordersCount', { max: 500 })),
});

/** Free text a person gives (a cancel reason): trimmed, ≤ 200 characters, no control characters. */
export const reasonSchema = z
  .string(fieldIssue('notString'))
  .trim()
  .max(ORDER_REASON_MAX_CHARS, fieldIssue('maxChars', { max: ORDER_REASON_MAX_CHARS }))
  .regex(NO_CONTROLS, noControls)
  .transform((r) => (r === '' ? null : r));

export const cancelOrderSchema = z.object({ reason: reasonSchema.nullish() }, fieldIssue('notObject'));

/** What an operator's transition may carry; `shipped` needs carrier and tracking_no (checked by the service). */
export const transitionInputSchema = z.object(
  {
    carrier: required(CARRIER_MAX_CHARS).nullish(),
    tracking_no: required(TRACKING_NO_MAX_CHARS).nullish(),
    reason: reasonSchema.nullish(),
  },
  fieldIssue('notObject'),
);
export type TransitionInput = z.input<typeof transitionInputSchema>;

/** One order of a bulk move (cancel, fail): its number, held to the identifier rule. */
export const orderNoRowSchema = z.object({ order_no: required(64) });

export const shipRowSchema = z.object(
  {
    order_no: required(64),
    carrier: required(CARRIER_MAX_CHARS),
    tracking_no: required(TRACKING_NO_MAX_CHARS),
  },
  fieldIssue('notObject'),
);

// The contract's one rule for a date bound (a real day, or a date-time with a zone), in the B-End
// API's own words.
const isoInstant = z
  .string({ error: 'must be an ISO 8601 date or date-time' })
  .trim()
  .refine((v) => dayOrInstant.safeParse(v).success, {
    error: 'must be an ISO 8601 date (2026-11-28) or date-time with a zone (2026-11-28T10:00:00Z)',
  });

export const listOrdersSchema = pageSchema.extend({
  status: oneOf(ORDER_STATUSES).optional(),
  created_from: isoInstant.optional(),
  created_to: isoInstant.optional(),
  batch_no: required(64).optional(),
});

/** The operators' queue: every merchant's orders, optionally one merchant's, searchable. */
export const listAllOrdersSchema = listOrdersSchema.extend({
  merchant_id: required(64).optional(),
  search: required(100).optional(),
});

export function toOrder(o: OrderRow): Order {
  return {
    order_no: o.order_no,
    merchant_order_no: o.merchant_order_no,
    goods_id: o.goods_id,
    sku_id: o.sku_id,
    quantity: o.quantity,
    unit_price: formatMoney(o.unit_price),
    amount: formatMoney(o.amount),
    currency: o.currency,
    status: o.status,
    shipping_address: JSON.parse(o.shipping_address_json) as ShippingAddress,
    tracking_no: o.tracking_no,
    credit_reference_no: o.credit_reference_no,
    created_at: wireTime(o.created_at),
    updated_at: wireTime(o.updated_at),
    carrier: o.carrier,
    shipped_at: o.shipped_at && wireTime(o.shipped_at),
    delivered_at: o.delivered_at && wireTime(o.delivered_at),
    cancelled_at: o.cancelled_at && wireTime(o.cancelled_at),
    cancel_reason: o.cancel_reason,
    refund_reference_no: o.refund_reference_no,
  };
}

/** An order as operators see it: any merchant's, so it names the merchant. */
export type OperatorOrder = Order & { merchant_id: string };

export function toOperatorOrder(o: OrderRow): OperatorOrder {
  return { ...toOrder(o), merchant_id: o.merchant_id };
}

export function toBatchOrder(b: BatchOrderRow, items: BatchOrderItem[]): BatchOrder {
  return {
    batch_no: b.batch_no,
    merchant_batch_no: b.merchant_batch_no,
    status: b.status,
    total: b.total,
    succeeded: b.succeeded,
    failed: b.failed,
    items,
    created_at: wireTime(b.created_at),
  };
}
