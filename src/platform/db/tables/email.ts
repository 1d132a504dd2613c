/** Rows of migration 0018: the email outbox and the one-time keys of account links. */
import type { Generated } from 'kysely';
import type { CreatedAt } from './column-types.js';

/**
 * `queued`: a delivery job will send it; `sent`; `failed`: the last attempt failed or the server
 * refused the address; `unsent`: no SMTP was configured when it was made (kept for preview).
 */
export type EmailStatus = 'queued' | 'sent' | 'failed' | 'unsent';

export interface EmailsTable {
  id: string;
  project_id: string | null;
  kind: string;
  to_address: string;
  from_address: string;
  reply_to: string | null;
  language: string;
  subject: string;
  html: string;
  text: string;
  status: EmailStatus;
  attempts: Generated<number>;
  last_error: string | null;
  job_id: number | null;
  /** At most one email per key (e.g. one pooled notice per conversation and agent). */
  dedupe_key: string | null;
  request_id: string | null;
  user_id: string | null;
  smtp_message_id: string | null;
  created_at: CreatedAt;
  updated_at: CreatedAt;
  sent_at: Date | null;
}

export type AccountKeyPurpose = 'verify' | 'reset';

export interface AccountKeysTable {
  /** SHA-256 of the key in the link, hex. */
  key_hash: string;
  user_id: string;
  purpose: AccountKeyPurpose;
  expires_at: Date;
  used_at: Date | null;
  created_at: CreatedAt;
}
