import type { Generated, Selectable } from 'kysely';
import type { OperatorRole, OperatorStatus } from '@tradepost/web-contract';

/** A console login, separate from merchant users. `email` lowercased; scrypt `password_hash`. */
export interface OperatorsTable {
  operator_id: string;
  email: string;
  name: string;
  role: OperatorRole;
  password_hash: string;
  status: OperatorStatus;
  must_change_password: Generated<number>;
  created_at: string;
  updated_at: string;
}

export type OperatorRow = Selectable<OperatorsTable>;
