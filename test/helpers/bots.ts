/** Bots and intents created and read over the HTTP API, as the project's owner. */
import assert from 'node:assert/strict';
import type { TestApp } from './test-app.js';
import type { Tenant } from './factories.js';

/** `POST /:project_id/<base>` (`faq_kb` or `bots`); the creation response includes the secret. */
export async function createBot(t: TestApp, tenant: Tenant, body: Record<string, unknown>, base = 'faq_kb') {
  const response = await t.http('POST', `/${tenant.projectId}/${base}`, { headers: tenant.owner.basic, body });
  assert.equal(response.status, 200, response.text);
  return response.body;
}

/** The bot's intents, as `GET /:project_id/faq?id_faq_kb=` lists them. */
export async function intentsOf(t: TestApp, tenant: Tenant, botId: string): Promise<any[]> {
  const response = await t.http('GET', `/${tenant.projectId}/faq?id_faq_kb=${botId}`, { headers: tenant.owner.basic });
  assert.equal(response.status, 200, response.text);
  return response.body;
}
