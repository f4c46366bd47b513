import type { TFunction } from 'i18next';

/**
 * A wire field (the key of `error.fields`, or the field a message starts with) → the label its
 * form shows it under. One table for every form: a refusal listed under a button names the field
 * as the form does, in the reader's language.
 */
export const FIELD_LABELS: Readonly<Record<string, string>> = {
  // The portal's order form
  quantity: 'orders.quantity',
  merchant_order_no: 'products.merchantOrderNo',
  sku_id: 'products.sku',
  'shipping_address.name': 'address.name',
  'shipping_address.phone': 'address.phone',
  'shipping_address.address': 'address.address',
  'shipping_address.city': 'address.city',
  'shipping_address.country': 'address.country',
  'shipping_address.postal_code': 'address.postal_code',
  // The same fields as a batch file's columns name them, and the batch's own reference
  goods_id: 'batchFile.goodsId',
  recipient_name: 'address.name',
  recipient_phone: 'address.phone',
  address: 'address.address',
  city: 'address.city',
  postal_code: 'address.postal_code',
  merchant_batch_no: 'orders.merchantBatchNo',
  csv: 'batchFile.file',
  // Moving orders (one, many, a ship CSV)
  carrier: 'console.orders.carrier',
  tracking_no: 'orders.tracking',
  reason: 'console.orders.reason',
  // A SKU's edit, and the same columns of a catalog import
  price: 'products.price',
  stock: 'products.stock',
  spec: 'products.spec',
  category: 'products.category',
  // Merchants, credit and the merchant's profile
  email: 'auth.email',
  credit_limit: 'console.merchants.field.credit_limit',
  currency: 'console.merchants.field.currency',
  amount: 'tx.amount',
  used: 'credit.used',
  available: 'credit.available',
  replaced_previous: 'audit.field.replaced_previous',
  role: 'audit.field.role',
  refund_reference_no: 'orders.refundReference',
  read_only: 'common.readOnly',
  note: 'console.actions.note',
  company_name: 'profile.field.company_name',
  contact_name: 'profile.field.contact_name',
  contact_phone: 'profile.field.contact_phone',
  company_address: 'profile.field.company_address',
  country: 'profile.field.country',
  holder: 'profile.field.holder',
  bank_name: 'profile.field.bank_name',
  account_number: 'profile.field.account_number',
  swift_or_routing: 'profile.field.swift_or_routing',
  // Passwords
  current_password: 'security.current_password',
  new_password: 'security.new_password',
  confirm_password: 'security.confirm_password',
  // Webhooks
  url: 'webhooks.url',
  description: 'webhooks.description',
  events: 'webhooks.events',
  credit_low_threshold: 'webhooks.threshold',
  disabled_reason: 'audit.field.disabled_reason',
  failing_since: 'audit.field.failing_since',
  grace_hours: 'webhooks.graceHours',
  previous_secret_expires_at: 'audit.field.previous_secret_expires_at',
  // Credentials and passwords, as the audit log records their changes
  keys_rotated_at: 'audit.field.keys_rotated_at',
  must_change_password: 'audit.field.must_change_password',
  // A list's filters, as a hand-edited URL may get them wrong (the page lists the refusal)
  status: 'orders.status',
  type: 'tx.type',
  q: 'common.search',
  from: 'common.from',
  to: 'common.to',
  merchant_id: 'console.orders.merchant',
};

/**
 * A field whose label depends on what it belongs to (an audit entry's target type): `name` is a
 * merchant's company name, an App's or a token's own name.
 */
export const TARGET_FIELD_LABELS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  merchant: { name: 'console.merchants.field.name' },
  app: { name: 'apps.name' },
  token: { name: 'tokens.name' },
  // A catalog import's counts (`updated` elsewhere is no count)
  catalog: {
    products: 'audit.field.import_products',
    skus: 'audit.field.import_skus',
    inserted: 'audit.field.import_inserted',
    updated: 'audit.field.import_updated',
  },
  // "Resend failed deliveries": how many it queued
  webhook_endpoint: { queued: 'audit.field.deliveries_queued' },
};

const LINE = /^line (\d+)$/;

/** Whether a refused field is a line of a file (a catalog import's, a ship CSV's), not a form's field. */
export const isLineField = (key: string): boolean => LINE.test(key);

/**
 * `shipping_address.city` → "City" / "城市"; `line 7` → "Line 7" / "第 7 行"; with `targetType`,
 * that kind's own label first (`name` of a merchant → "Company name"); any other key as it is.
 */
export function fieldLabel(t: TFunction, key: string, targetType?: string | null): string {
  const line = LINE.exec(key);
  if (line) return t('common.fieldLine', { line: line[1] });
  const label = (targetType ? TARGET_FIELD_LABELS[targetType]?.[key] : undefined) ?? FIELD_LABELS[key];
  return label ? t(label) : key;
}

/**
 * A file's column as a line's problem names it: its label, and the column as the file spells it
 * when the label reads otherwise ("Phone (recipient_phone)", "数量 (quantity)"), so the reader
 * finds it in the file.
 */
export function columnLabel(t: TFunction, column: string): string {
  const label = fieldLabel(t, column);
  return label.toLowerCase().replaceAll(' ', '_') === column ? label : `${label} (${column})`;
}
