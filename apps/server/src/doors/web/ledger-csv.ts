import {
  TRANSACTIONS_CSV_COLUMNS,
  type CreditTransaction,
  type TransactionsExportQuery,
} from '@tradepost/web-contract';
import type { FastifyReply } from 'fastify';
import type { Kysely } from 'kysely';
import type { Readable } from 'node:stream';
import type { Database } from '../../db/database.ts';
import { ledgerEntries } from '../../modules/credit/credit.statements.ts';
import { csvCell, csvDownload } from './csv.ts';

const csvCells = (t: CreditTransaction): string[] => [
  csvCell(t.reference_no),
  csvCell(t.type),
  csvCell(t.amount, { number: true }),
  csvCell(t.balance_before, { number: true }),
  csvCell(t.balance_after, { number: true }),
  csvCell(t.currency),
  csvCell(t.order_no),
  csvCell(t.description),
  csvCell(t.created_at),
];

/**
 * A merchant's ledger, filtered as its list is, as a CSV download streamed row by row: the
 * portal's export of one's own, the console's of any merchant's. `prefix` starts the file name
 * (the console's names the merchant, so two merchants' files do not collide in one folder).
 */
export function ledgerCsv(
  db: Kysely<Database>,
  merchantId: string,
  query: TransactionsExportQuery,
  reply: FastifyReply,
  prefix = 'transactions',
): Readable {
  const rows = ledgerEntries(db, merchantId, {
    types: query.type ? [query.type] : undefined,
    from: query.from,
    to: query.to,
  });
  return csvDownload(
    reply,
    { prefix, kind: query.type, from: query.from, to: query.to },
    TRANSACTIONS_CSV_COLUMNS,
    rows,
    csvCells,
  );
}
