import type { AdminOrder, Order, OrdersCsvColumn } from '@tradepost/web-contract';
import type { FastifyReply } from 'fastify';
import type { Readable } from 'node:stream';
import { csvCell, csvDownload } from './csv.ts';

/** An order as the exports read it: the console's carries its merchant, the portal's need not. */
type ExportedOrder = Order & Partial<Pick<AdminOrder, 'merchant_id' | 'merchant_name'>>;

/** Each column of the order exports (ORDERS_CSV_COLUMNS), read off an order. */
const CELL: Record<OrdersCsvColumn, (o: ExportedOrder) => string> = {
  order_no: (o) => csvCell(o.order_no),
  carrier: (o) => csvCell(o.carrier),
  tracking_no: (o) => csvCell(o.tracking_no),
  status: (o) => csvCell(o.status),
  merchant_order_no: (o) => csvCell(o.merchant_order_no),
  merchant_id: (o) => csvCell(o.merchant_id),
  merchant_name: (o) => csvCell(o.merchant_name),
  goods_id: (o) => csvCell(o.goods_id),
  sku_id: (o) => csvCell(o.sku_id),
  quantity: (o) => csvCell(o.quantity, { number: true }),
  unit_price: (o) => csvCell(o.unit_price, { number: true }),
  amount: (o) => csvCell(o.amount, { number: true }),
  currency: (o) => csvCell(o.currency),
  recipient_name: (o) => csvCell(o.shipping_address.name),
  recipient_phone: (o) => csvCell(o.shipping_address.phone),
  address: (o) => csvCell(o.shipping_address.address),
  city: (o) => csvCell(o.shipping_address.city),
  postal_code: (o) => csvCell(o.shipping_address.postal_code),
  country: (o) => csvCell(o.shipping_address.country),
  created_at: (o) => csvCell(o.created_at),
  shipped_at: (o) => csvCell(o.shipped_at),
  delivered_at: (o) => csvCell(o.delivered_at),
  cancelled_at: (o) => csvCell(o.cancelled_at),
  cancel_reason: (o) => csvCell(o.cancel_reason),
};

/**
 * Orders as a CSV download with these columns (the console's, or the portal's fewer), streamed as
 * they are read; the file is named by the filters (`orders-processing-from-2026-12-01.csv`).
 */
export function ordersCsv(
  reply: FastifyReply,
  filters: { status?: string | undefined; from?: string | undefined; to?: string | undefined },
  columns: readonly OrdersCsvColumn[],
  rows: AsyncIterable<ExportedOrder>,
): Readable {
  return csvDownload(
    reply,
    { prefix: 'orders', kind: filters.status, from: filters.from, to: filters.to },
    columns,
    rows,
    (o) => columns.map((c) => CELL[c](o)),
  );
}
