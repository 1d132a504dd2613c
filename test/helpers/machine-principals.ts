/**
 * Bots and webhook subscriptions as callers. Their own HTTP areas are built elsewhere, so a test
 * inserts the row and signs the token exactly as Tiledesk's clients receive it (audience
 * /bots/<id> or /subscriptions/<id>, signed with the entity's secret).
 */
import { newObjectId, newSecret } from '../../src/platform/ids.js';
import { json } from '../../src/platform/db/json.js';
import { audienceFor, signToken } from '../../src/platform/auth/jwt.js';
import type { TestApp } from './test-app.js';

export interface MachineCaller {
  id: string;
  headers: Record<string, string>;
  /** The entity's own secret (what signs its tokens). */
  secret: string;
}

export async function createBot(
  t: TestApp,
  projectId: string,
  options: { attributes?: Record<string, unknown>; trashed?: boolean } = {},
): Promise<MachineCaller> {
  const id = newObjectId();
  const secret = newSecret();
  await t.database.db
    .insertInto('bots')
    .values({
      id,
      project_id: projectId,
      name: `bot ${id}`,
      secret,
      created_by: 'system',
      trashed: options.trashed ?? false,
      ...(options.attributes && { attributes: json(options.attributes) }),
    })
    .execute();
  const token = await signToken({ _id: id }, { secret, subject: 'bot', audience: audienceFor('bots', id) });
  return { id, headers: { authorization: `JWT ${token}` }, secret };
}

export async function createSubscription(t: TestApp, projectId: string): Promise<MachineCaller> {
  const id = newObjectId();
  const secret = newSecret();
  await t.database.db
    .insertInto('subscriptions')
    .values({
      id,
      project_id: projectId,
      event: 'lead.create',
      target: 'http://127.0.0.1:9/',
      secret,
      created_by: 'system',
    })
    .execute();
  const token = await signToken(
    { _id: id },
    { secret, subject: 'subscription', audience: audienceFor('subscriptions', id) },
  );
  return { id, headers: { authorization: `JWT ${token}` }, secret };
}
