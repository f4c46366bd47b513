import type { Generated, Selectable } from 'kysely';

export type MerchantStatus = 'active' | 'suspended';

/** The merchant company. Profile and bank columns stay null until the portal collects them. */
export interface MerchantsTable {
  merchant_id: string;
  name: string;
  status: MerchantStatus;
  contact_name: string | null;
  contact_phone: string | null;
  company_address: string | null;
  country: string | null;
  bank_account_name: string | null;
  bank_account_number: string | null;
  bank_name: string | null;
  bank_swift: string | null;
  created_at: string;
  updated_at: string;
}

/** A portal login. `email` is stored lowercased; `password_hash` is a self-describing scrypt string. */
export interface MerchantUsersTable {
  user_id: string;
  merchant_id: string;
  email: string;
  name: string;
  password_hash: string;
  status: 'active' | 'disabled';
  /** 1 after an operator reset: the portal allows nothing but a password change until then. */
  must_change_password: Generated<number>;
  created_at: string;
  updated_at: string;
}

export type MerchantRow = Selectable<MerchantsTable>;
export type MerchantUserRow = Selectable<MerchantUsersTable>;
