/** Rows of migration 0014: uploaded files (chat attachments), bytes included. */
import type { CreatedAt } from './column-types.js';

export interface FilesTable {
  path: string;
  project_id: string;
  content_type: string;
  size: number;
  /** A Buffer from PostgreSQL, a Uint8Array from PGlite. */
  data: Uint8Array;
  created_by: string;
  expires_at: Date;
  created_at: CreatedAt;
}
