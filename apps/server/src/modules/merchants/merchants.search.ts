import type { MerchantListItem } from '@tradepost/web-contract';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.ts';
import { paginate } from '../../db/paginate.ts';
import { wireTime } from '../../shared/time.ts';
import type { Page } from '../../shared/validation.ts';
import { toCredit } from '../credit/credit.service.ts';

/** The console's merchant list: company, login e-mail and credit figures, searchable. */
export async function searchMerchants(
  db: Kysely<Database>,
  f: {
    q?: string | undefined;
    status?: 'active' | 'suspended' | undefined;
    creditStatus?: 'active' | 'frozen' | undefined;
    page: number;
    pageSize: number;
  },
): Promise<Page<MerchantListItem>> {
  let q = db
    .selectFrom('merchants')
    .innerJoin('merchant_users', 'merchant_users.merchant_id', 'merchants.merchant_id')
    .innerJoin('credit_accounts', 'credit_accounts.merchant_id', 'merchants.merchant_id');
  if (f.status) q = q.where('merchants.status', '=', f.status);
  if (f.creditStatus) q = q.where('credit_accounts.status', '=', f.creditStatus);
  if (f.q) {
    const like = `%${f.q.toLowerCase().replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) =>
      eb.or([
        eb(eb.fn('lower', ['merchants.name']), 'like', like),
        eb('merchant_users.email', 'like', like),
        eb('merchants.merchant_id', '=', f.q!),
      ]),
    );
  }
  const { rows, total } = await paginate(
    q
      .selectAll('credit_accounts')
      .select([
        'merchants.merchant_id as mid',
        'merchants.name as name',
        'merchants.status as mstatus',
        'merchants.created_at as mcreated',
        'merchant_users.email as email',
      ])
      .orderBy('merchants.created_at', 'desc')
      .orderBy('merchants.merchant_id', 'desc'),
    q.select((eb) => eb.fn.countAll<number>().as('n')),
    f,
  );
  return {
    items: rows.map((r) => ({
      merchant_id: r.mid,
      name: r.name,
      email: r.email,
      status: r.mstatus,
      created_at: wireTime(r.mcreated),
      credit: toCredit(r),
    })),
    page: f.page,
    page_size: f.pageSize,
    total,
  };
}
