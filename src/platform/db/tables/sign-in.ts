/** Rows of migration 0013: password checks per account and client address (sign-in throttling). */
import type { Generated } from 'kysely';

export interface SignInAttemptsTable {
  email: string;
  ip: string;
  attempts: number;
  window_started_at: Generated<Date>;
}
