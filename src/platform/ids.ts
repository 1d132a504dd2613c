/**
 * Identifiers in the shapes Tiledesk clients expect: 24-hex object ids (time-ordered, like
 * MongoDB's), uuids for anonymous users, and `support-group-<project>-<32 hex>` request ids.
 */
import { randomBytes, randomUUID } from 'node:crypto';

const processPart = randomBytes(5).toString('hex');
let counter = randomBytes(3).readUIntBE(0, 3);

/** A MongoDB-style ObjectId: 4 bytes of seconds, 5 random bytes per process, 3 counter bytes. */
export function newObjectId(): string {
  const seconds = Math.floor(Date.now() / 1000)
    .toString(16)
    .padStart(8, '0');
  counter = (counter + 1) % 0xffffff;
  return seconds + processPart + counter.toString(16).padStart(6, '0');
}

const OBJECT_ID = /^[0-9a-f]{24}$/i;

export function isObjectId(value: unknown): value is string {
  return typeof value === 'string' && OBJECT_ID.test(value);
}

export function newUuid(): string {
  return randomUUID();
}

export function newRequestId(projectId: string): string {
  return `support-group-${projectId}-${randomUUID().replace(/-/g, '')}`;
}

/** A random url-safe secret (bots, webhook subscriptions, project keys). */
export function newSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
