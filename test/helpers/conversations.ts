/** Helpers for the conversation tests: memberships, departments, bots and requests over HTTP. */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { TestApp } from './test-app.js';
import type { Tenant } from './factories.js';

export async function membershipOf(t: TestApp, tenant: Tenant, headers: Record<string, string>) {
  const response = await t.http('GET', `/${tenant.projectId}/project_users/me`, { headers });
  assert.equal(response.status, 200, response.text);
  return response.body[0] as { _id: string; id_user: { _id: string } | string; uuid_user?: string };
}

/** Availability and personal chat limit of a member (as an admin would set them). */
export async function setMember(
  t: TestApp,
  tenant: Tenant,
  projectUserId: string,
  changes: { user_available?: boolean; max_assigned_chat?: number },
) {
  const response = await t.http('PUT', `/${tenant.projectId}/project_users/${projectUserId}`, {
    headers: tenant.owner.basic,
    body: changes,
  });
  assert.equal(response.status, 200, response.text);
  return response.body;
}

export async function ownerOffline(t: TestApp, tenant: Tenant) {
  const owner = await membershipOf(t, tenant, tenant.owner.basic);
  await setMember(t, tenant, owner._id, { user_available: false });
  return owner;
}

export async function updateProject(t: TestApp, tenant: Tenant, changes: Record<string, unknown>) {
  const response = await t.http('PUT', `/projects/${tenant.projectId}`, { headers: tenant.owner.basic, body: changes });
  assert.equal(response.status, 200, response.text);
  return response.body;
}

export async function defaultDepartment(t: TestApp, tenant: Tenant) {
  const response = await t.http('GET', `/${tenant.projectId}/departments/default`, { headers: tenant.owner.basic });
  assert.equal(response.status, 200, response.text);
  return response.body as { _id: string; routing: string };
}

export async function updateDepartment(t: TestApp, tenant: Tenant, id: string, changes: Record<string, unknown>) {
  const response = await t.http('PUT', `/${tenant.projectId}/departments/${id}`, {
    headers: tenant.owner.basic,
    body: changes,
  });
  assert.equal(response.status, 200, response.text);
  return response.body;
}

export async function createDepartment(t: TestApp, tenant: Tenant, body: Record<string, unknown>) {
  const response = await t.http('POST', `/${tenant.projectId}/departments`, { headers: tenant.owner.basic, body });
  assert.equal(response.status, 200, response.text);
  return response.body as { _id: string };
}

export async function createGroup(t: TestApp, tenant: Tenant, members: string[]) {
  const response = await t.http('POST', `/${tenant.projectId}/groups`, {
    headers: tenant.owner.basic,
    body: { name: 'group', members },
  });
  assert.equal(response.status, 200, response.text);
  return response.body as { _id: string };
}

export interface TestBot {
  id: string;
  participant: string;
  headers: Record<string, string>;
}

/**
 * A bot that takes part in conversations without answering them: `external` with no URL, so no
 * engine runs for it (the bot-engine tests create answering bots themselves).
 */
export async function createBot(t: TestApp, tenant: Tenant, name = 'Test bot'): Promise<TestBot> {
  const created = await t.http('POST', `/${tenant.projectId}/bots`, {
    headers: tenant.owner.basic,
    body: { name, type: 'external' },
  });
  assert.equal(created.status, 200, created.text);
  const id: string = created.body._id;
  const token = await t.http('GET', `/${tenant.projectId}/bots/${id}/jwt`, { headers: tenant.owner.basic });
  assert.equal(token.status, 200, token.text);
  return { id, participant: `bot_${id}`, headers: { authorization: `JWT ${token.body.jwt}` } };
}

export async function createRequest(
  t: TestApp,
  tenant: Tenant,
  body: Record<string, unknown> = {},
  headers: Record<string, string> = tenant.owner.basic,
) {
  const response = await t.http('POST', `/${tenant.projectId}/requests`, {
    headers,
    body: { first_text: 'first text', ...body },
  });
  assert.equal(response.status, 200, response.text);
  return response.body;
}

export async function getRequest(t: TestApp, tenant: Tenant, requestId: string) {
  const response = await t.http('GET', `/${tenant.projectId}/requests/${requestId}`, { headers: tenant.owner.basic });
  assert.equal(response.status, 200, response.text);
  return response.body;
}

export async function messagesOf(t: TestApp, tenant: Tenant, requestId: string) {
  const response = await t.http('GET', `/${tenant.projectId}/requests/${requestId}/messages`, {
    headers: tenant.owner.basic,
  });
  assert.equal(response.status, 200, response.text);
  return response.body as Array<{ text?: string; sender: string; attributes?: any; createdAt: string }>;
}

export function newRequestId(projectId: string): string {
  return `support-group-${projectId}-${randomBytes(16).toString('hex')}`;
}

/** Collects the domain events of the app (after commit), for assertions on what was announced. */
export function recordEvents(t: TestApp) {
  const seen: Array<{ name: string; projectId: string; payload: any }> = [];
  t.context.events.on('*', (event) => {
    seen.push(event);
  });
  return {
    async of(projectId: string, name?: string) {
      await t.context.events.drain();
      return seen.filter((e) => e.projectId === projectId && (!name || e.name === name));
    },
  };
}
