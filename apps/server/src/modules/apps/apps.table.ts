import type { Selectable } from 'kysely';

export type AppStatus = 'active' | 'disabled';

/** B-End credentials. Both keys are sealed with the master key (shared/secret-box.ts). */
export interface AppsTable {
  app_id: string;
  merchant_id: string;
  name: string;
  secret_key_sealed: string;
  sign_key_sealed: string;
  status: AppStatus;
  created_at: string;
  updated_at: string;
  keys_rotated_at: string;
  /** The last authenticated B-End request, to the minute (AppsService.touch); null if never. */
  last_used_at: string | null;
}

export type AppRow = Selectable<AppsTable>;
