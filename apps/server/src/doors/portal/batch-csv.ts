import {
  BATCH_CSV_COLUMNS,
  BATCH_CSV_OPTIONAL_COLUMNS,
  BATCH_MAX_ORDERS,
  fieldMessage,
  placeOrderBody,
  zodFields,
} from '@tradepost/web-contract';
import type { z } from 'zod';
import { csvLines, readCsvHeader } from '../../shared/csv.ts';

type Column = (typeof BATCH_CSV_COLUMNS)[number];
export type BatchFileOrder = z.output<typeof placeOrderBody>;

const REQUIRED = BATCH_CSV_COLUMNS.filter((c) => !BATCH_CSV_OPTIONAL_COLUMNS.includes(c));

/** An order's field as the file names its column (the problems of a line say it in the file's words). */
const COLUMN_OF: Record<string, Column> = {
  'shipping_address.name': 'recipient_name',
  'shipping_address.phone': 'recipient_phone',
  'shipping_address.address': 'address',
  'shipping_address.city': 'city',
  'shipping_address.postal_code': 'postal_code',
  'shipping_address.country': 'country',
};

interface BatchFile {
  orders: BatchFileOrder[];
  lines: number[];
  problems: Record<string, string>;
}

/** A file refused as a whole (not CSV, no header, no rows, too many). */
const notOrders = (problems: Record<string, string>): BatchFile => ({ orders: [], lines: [], problems });

/**
 * The portal's batch file (BATCH_CSV_COLUMNS) as orders, each checked by the portal's own order
 * form rules (placeOrderBody). `problems` is keyed `line N` (or `csv` for the file as a whole), one
 * message per line naming its columns; any problem and the file places nothing, so a merchant
 * fixes the file and sends it again rather than working out which half went through. `lines[i]` is
 * the file line of `orders[i]`.
 */
export function readBatchCsv(text: string): BatchFile {
  let records: ReturnType<typeof csvLines>;
  try {
    records = csvLines(text);
  } catch (e) {
    return notOrders({ csv: fieldMessage('invalidCsv', { detail: (e as Error).message }) });
  }
  const [head, ...rows] = records;
  if (!head) return notOrders({ csv: fieldMessage('fileEmpty') });
  const header = readCsvHeader(head.record, BATCH_CSV_COLUMNS, REQUIRED);
  if ('problem' in header) return notOrders({ 'line 1': header.problem });
  if (rows.length === 0) return notOrders({ csv: fieldMessage('noRows') });
  if (rows.length > BATCH_MAX_ORDERS)
    return notOrders({ csv: fieldMessage('ordersCount', { max: BATCH_MAX_ORDERS }) });

  const orders: BatchFileOrder[] = [];
  const lines: number[] = [];
  const problems: Record<string, string> = {};
  const firstLineOf = new Map<string, number>();
  for (const { record, line } of rows) {
    const at = `line ${line}`;
    if (record.length !== header.columns.length) {
      problems[at] = fieldMessage('csvFieldCount', { expected: header.columns.length, found: record.length });
      continue;
    }
    const cell = (c: Column) => {
      const i = header.columns.indexOf(c);
      return i < 0 ? undefined : record[i];
    };
    const quantity = cell('quantity')!;
    const parsed = placeOrderBody.safeParse({
      goods_id: cell('goods_id'),
      sku_id: cell('sku_id'),
      // Digits become the JSON number the form sends; anything else is refused by the same rule.
      quantity: /^\d{1,6}$/.test(quantity) ? Number(quantity) : quantity,
      merchant_order_no: cell('merchant_order_no'),
      shipping_address: {
        name: cell('recipient_name'),
        phone: cell('recipient_phone'),
        address: cell('address'),
        city: cell('city'),
        country: cell('country'),
        postal_code: cell('postal_code') ?? '',
      },
    });
    if (!parsed.success) {
      problems[at] = Object.entries(zodFields(parsed.error))
        .map(([field, message]) => `${COLUMN_OF[field] ?? field}: ${message}`)
        .join(fieldMessage('listSeparator'));
      continue;
    }
    // Twice in one file is a mistake in the file: said here, by line, before anything is placed.
    const mon = parsed.data.merchant_order_no;
    const first = mon === undefined ? undefined : firstLineOf.get(mon);
    if (first !== undefined) {
      problems[at] = `merchant_order_no: ${fieldMessage('usedAtLine', { value: `"${mon}"`, line: first })}`;
      continue;
    }
    if (mon !== undefined) firstLineOf.set(mon, line);
    orders.push(parsed.data);
    lines.push(line);
  }
  return { orders, lines, problems };
}
