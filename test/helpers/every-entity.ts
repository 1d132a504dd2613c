/**
 * A project with one of everything its routes can name (a request, a bot, a lead, a note...), and
 * the id of each by the name of the path parameter that takes it: for the tests that walk every
 * operation of /openapi.json (fuzz, liberal input).
 */
import assert from 'node:assert/strict';
import type { TestApp } from './test-app.js';
import type { Tenant } from './factories.js';
import { createBot, createGroup, createRequest, defaultDepartment, membershipOf } from './conversations.js';

export async function everyEntity(t: TestApp, tenant: Tenant): Promise<Record<string, string>> {
  const headers = tenant.owner.jwt;
  const post = async (path: string, body: unknown) => {
    const response = await t.http('POST', `/${tenant.projectId}${path}`, { headers, body });
    assert.equal(response.status, 200, `${path}: ${response.text}`);
    return response.body;
  };
  const request = await createRequest(t, tenant);
  const bot = await createBot(t, tenant);
  const membership = await membershipOf(t, tenant, headers);
  const withNote = await post(`/requests/${request.request_id}/notes`, { text: 'a note' });
  const ban = await t.http('POST', `/projects/${tenant.projectId}/ban`, { headers, body: { id: 'a-banned-user' } });
  return {
    project_id: tenant.projectId,
    request_id: request.request_id,
    request_oid: request._id,
    user_id: tenant.owner.id,
    participant_id: tenant.owner.id,
    project_user_id: membership._id,
    follower_id: membership._id,
    department_id: (await defaultDepartment(t, tenant))._id,
    group_id: (await createGroup(t, tenant, [tenant.owner.id]))._id,
    bot_id: bot.id,
    language: 'en',
    lang: 'EN',
    lead_id: (await post('/leads', { fullname: 'A Lead', email: 'a-lead@example.test' }))._id,
    tag: 'vip',
    tag_id: (await post('/tags', { tag: 'vip' }))._id,
    canned_id: (await post('/canned', { title: 'hello', text: 'Hello!' }))._id,
    event_id: (await post('/events', { name: 'an-event' }))._id,
    intent: (await post('/faq', { id_faq_kb: bot.id, question: 'q', answer: 'a' }))._id,
    trigger_id: (await post('/modules/triggers', { name: 'a trigger', trigger: { key: 'event.emit' }, actions: [] }))
      ._id,
    subscription_id: (await post('/subscriptions', { event: 'request.create', target: 'http://127.0.0.1:9/hook' }))._id,
    note_id: withNote.notes[0]._id,
    ban_id: ban.body.bannedUsers[0]._id,
    invitation_id: (await post('/project_users/invite', { email: 'an-invited@example.test', role: 'agent' }))
      .pendingInvitation._id,
    message_id: (await post(`/requests/${request.request_id}/messages`, { text: 'hello' }))._id,
    // The invitation above left its email in the outbox.
    email_id: (await t.http('GET', `/${tenant.projectId}/emails`, { headers })).body.emails[0]._id,
    templateid: 'verify',
    userid: tenant.owner.id,
    code: 'a-verification-code',
    resetpswrequestid: 'a-reset-key',
  };
}
