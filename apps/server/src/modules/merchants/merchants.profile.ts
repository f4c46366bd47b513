import {
  bankAccountBody,
  maskAccountNumber,
  profileBody,
  type BankAccountBody,
  type Profile,
  type ProfileBody,
} from '@tradepost/web-contract';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { Writer } from '../../db/writer.ts';
import { AppError } from '../../shared/app-error.ts';
import type { SecretBox } from '../../shared/secret-box.ts';
import { nowIso } from '../../shared/time.ts';
import { parseInput } from '../../shared/validation.ts';
import type { AuditEntry } from '../audit/audit.service.ts';
import * as repo from './merchants.repository.ts';
import type { InUnit } from './merchants.service.ts';
import type { MerchantRow } from './merchants.table.ts';

/**
 * The merchant's profile and bank account. The account number is a secret like any credential:
 * sealed with the master key (AAD binds it to the merchant's row and column), shown only as its
 * last 4 characters, never returned whole, never put in an audit entry.
 */
export interface ProfilesService {
  get(merchantId: string): Promise<Profile>;
  update(
    merchantId: string,
    input: ProfileBody,
    opts?: { inUnit?: InUnit<{ before: Profile; after: Profile }> },
  ): Promise<Profile>;
  updateBankAccount(
    merchantId: string,
    input: BankAccountBody,
    opts?: { inUnit?: InUnit<{ before: Profile; after: Profile }> },
  ): Promise<Profile>;
}

/**
 * The audit entries of a profile and a bank account change, one shape whoever made it (the
 * merchant in the portal, an admin in the console): the profile's fields as they were and are,
 * the bank account as its masked view only, never the number.
 */
export function profileChange(merchantId: string, c: { before: Profile; after: Profile }): AuditEntry {
  const fields = (p: Profile) => ({
    company_name: p.company_name,
    contact_name: p.contact_name,
    contact_phone: p.contact_phone,
    company_address: p.company_address,
    country: p.country,
  });
  return {
    action: 'profile.updated',
    merchantId,
    targetType: 'merchant',
    targetId: merchantId,
    before: fields(c.before),
    after: fields(c.after),
  };
}

export function bankAccountChange(merchantId: string, c: { before: Profile; after: Profile }): AuditEntry {
  return {
    action: 'bank_account.updated',
    merchantId,
    targetType: 'merchant',
    targetId: merchantId,
    before: c.before.bank_account ? { ...c.before.bank_account } : null,
    after: c.after.bank_account ? { ...c.after.bank_account } : null,
  };
}

export const accountContext = (merchantId: string) => `merchants:${merchantId}:bank_account_number`;
const unknownMerchant = () => new AppError(4001, 'merchant_id: unknown merchant');

export function createProfilesService(deps: {
  db: Kysely<Database>;
  writer: Writer;
  box: SecretBox;
}): ProfilesService {
  const { db, writer, box } = deps;

  const toProfile = (m: MerchantRow, email: string): Profile => ({
    merchant_id: m.merchant_id,
    email,
    company_name: m.name,
    contact_name: m.contact_name,
    contact_phone: m.contact_phone,
    company_address: m.company_address,
    country: m.country,
    bank_account:
      m.bank_account_number && m.bank_account_name && m.bank_name && m.bank_swift
        ? {
            holder: m.bank_account_name,
            bank_name: m.bank_name,
            account_number_masked: maskAccountNumber(
              box.open(m.bank_account_number, accountContext(m.merchant_id)),
            ),
            swift_or_routing: m.bank_swift,
          }
        : null,
  });

  const load = async (d: Parameters<typeof repo.findMerchant>[0], merchantId: string) => {
    const m = await repo.findMerchant(d, merchantId);
    if (!m) throw unknownMerchant();
    const user = await repo.findPrimaryUser(d, merchantId);
    return toProfile(m, user?.email ?? '');
  };

  const change = async (
    merchantId: string,
    values: Parameters<typeof repo.updateMerchant>[2],
    inUnit: InUnit<{ before: Profile; after: Profile }> | undefined,
  ) =>
    writer.run(async (trx) => {
      const before = await load(trx, merchantId);
      await repo.updateMerchant(trx, merchantId, { ...values, updated_at: nowIso() });
      const after = await load(trx, merchantId);
      await inUnit?.(trx, { before, after });
      return after;
    });

  return {
    get: (merchantId) => load(db, merchantId),

    update(merchantId, input, opts = {}) {
      const v = parseInput(profileBody, input);
      return change(
        merchantId,
        {
          name: v.company_name,
          contact_name: v.contact_name,
          contact_phone: v.contact_phone,
          company_address: v.company_address,
          country: v.country,
        },
        opts.inUnit,
      );
    },

    updateBankAccount(merchantId, input, opts = {}) {
      const v = parseInput(bankAccountBody, input);
      return change(
        merchantId,
        {
          bank_account_name: v.holder,
          bank_name: v.bank_name,
          bank_account_number: box.seal(v.account_number, accountContext(merchantId)),
          bank_swift: v.swift_or_routing,
        },
        opts.inUnit,
      );
    },
  };
}
