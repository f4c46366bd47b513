/** Seen B-End nonces; (app_id, nonce) is the primary key, rows die after expires_at (unix s). */
export interface NoncesTable {
  app_id: string;
  nonce: string;
  expires_at: number;
}
