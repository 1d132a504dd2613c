/**
 * PUT /:project_id/requests/:request_id/close with `closed_at` (beyond Tiledesk): an imported
 * conversation is closed when it ended, not when it was imported.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { newTenant, type Tenant } from './helpers/factories.js';
import { createRequest, getRequest, messagesOf } from './helpers/conversations.js';

describe('PUT /requests/:id/close with closed_at', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  const close = (tenant: Tenant, requestId: string, body: unknown, headers = tenant.owner.basic) =>
    t.http('PUT', `/${tenant.projectId}/requests/${requestId}/close`, { headers, body });

  it('dates the close, its duration and "Chat closed"; rejects bad times; scoped to the project', async () => {
    const tenant = await newTenant(t);
    const other = await newTenant(t);
    const request = await createRequest(t, tenant);
    const createdAt = Date.parse(request.createdAt);

    for (const closedAt of [Date.now() + 3_600_000, createdAt - 1000, 'yesterday', -5, true]) {
      const refused = await close(tenant, request.request_id, { closed_at: closedAt });
      assert.equal(refused.status, 422, `${closedAt}: ${refused.text}`);
    }
    assert.equal((await getRequest(t, tenant, request.request_id)).status !== 1000, true, 'nothing was closed');

    const foreign = await close(tenant, request.request_id, { closed_at: createdAt + 1 }, other.owner.basic);
    assert.equal(foreign.status, 403, foreign.text);
    const elsewhere = await t.http('PUT', `/${other.projectId}/requests/${request.request_id}/close`, {
      headers: other.owner.basic,
      body: { closed_at: createdAt + 1 },
    });
    assert.equal(elsewhere.status, 404, elsewhere.text);

    const at = new Date(createdAt + 1).toISOString();
    const closed = await close(tenant, request.request_id, { closed_at: at });
    assert.equal(closed.status, 200, closed.text);
    assert.equal(closed.body.status, 1000);
    assert.equal(closed.body.closed_at, at);
    assert.equal(closed.body.duration, 1);
    assert.equal(closed.body.updatedAt, at);
    const messages = await messagesOf(t, tenant, request.request_id);
    assert.deepEqual(
      messages.filter((m: any) => m.text === 'Chat closed').map((m: any) => m.createdAt),
      [at],
    );
  });
});
