import { randomBytes } from 'node:crypto';
import { errors } from '../../platform/errors.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';

/** A default display name: six url-safe characters, as Tiledesk's nanoid(6). */
export function shortName(): string {
  return [...randomBytes(6)].map((byte) => ALPHABET[byte & 63]).join('');
}

/**
 * A unique index on (bot, display name) or (bot, intent id) refused a write. The violation
 * aborts the transaction, so it is translated once it has rolled back: 409 as Tiledesk answers.
 */
export async function withDuplicateIntents<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if ((error as { code?: string }).code === '23505') throw errors.duplicateIntent();
    throw error;
  }
}
