/**
 * Ids of project A used with credentials of project B: every resource of the foundation answers
 * 403 (A's path, B's credentials) or 404 (B's path, A's ids), and nothing of A changes.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SignJWT } from 'jose';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { addMember, anonymous, newTenant, uniqueEmail, type Tenant, type TestUser } from './helpers/factories.js';
import { multipartBody } from './helpers/multipart.js';

describe('tenant isolation', () => {
  let t: TestApp;
  let a: Tenant;
  let b: Tenant;
  let aAgent: TestUser & { projectUserId: string };
  let bAdmin: TestUser & { projectUserId: string };
  let aOwnerPu: string;
  let aVisitor: { id: string; headers: Record<string, string> };
  let aDepartment: any;
  let aGroup: any;
  let aPending: any;
  let aCanned: any;
  let aFile: string;
  let aSecret: string;
  let aBanId: string;
  let aSubscription: string;
  let aRequest: string;
  let aEmail: string;
  let aTrigger: string;

  /** Everything of A that B could try to touch, as A itself sees it. */
  async function snapshotOfA() {
    const get = async (url: string) => {
      const response = await t.http('GET', url, { headers: a.owner.basic });
      assert.equal(response.status, 200, `${url}: ${response.text}`);
      return response.body;
    };
    const withoutCounters = (value: any) => JSON.parse(JSON.stringify(value));
    return withoutCounters({
      project: await get(`/projects/${a.projectId}`),
      team: await get(`/${a.projectId}/project_users?trashed=true`),
      visitor: await get(`/${a.projectId}/project_users/users/${aVisitor.id}`),
      departments: await get(`/${a.projectId}/departments/allstatus`),
      groups: await get(`/${a.projectId}/groups`),
      pending: await get(`/${a.projectId}/pendinginvitations`),
      subscriptions: await get(`/${a.projectId}/subscriptions`),
      canned: await get(`/${a.projectId}/canned`),
      file: await get(`/${a.projectId}/files?path=${encodeURIComponent(aFile)}`),
      request: await get(`/${a.projectId}/requests/${aRequest}`),
      labels: await get(`/${a.projectId}/labels`),
      emails: await get(`/${a.projectId}/emails`),
      triggers: await get(`/${a.projectId}/modules/triggers`),
      triggerFailures: await get(`/${a.projectId}/modules/triggers/logs`),
      // B's attempts record nothing in A's audit trail.
      activities: await get(`/${a.projectId}/activities?limit=100`),
    });
  }

  before(async () => {
    t = await startTestApp();
    a = await newTenant(t);
    b = await newTenant(t);
    aAgent = await addMember(t, a, 'agent');
    bAdmin = await addMember(t, b, 'admin');
    aOwnerPu = (await t.http('GET', `/${a.projectId}/project_users/me`, { headers: a.owner.basic })).body[0]._id;
    aVisitor = await anonymous(t, a.projectId);
    aGroup = (
      await t.http('POST', `/${a.projectId}/groups`, {
        headers: a.owner.basic,
        body: { name: 'A group', members: [aAgent.id] },
      })
    ).body;
    aDepartment = (
      await t.http('POST', `/${a.projectId}/departments`, {
        headers: a.owner.basic,
        body: { name: 'A department', id_group: aGroup._id },
      })
    ).body;
    aPending = (
      await t.http('POST', `/${a.projectId}/project_users/invite`, {
        headers: a.owner.basic,
        body: { email: uniqueEmail('pending'), role: 'agent' },
      })
    ).body.pendingInvitation;
    aSecret = (await t.http('POST', `/${a.projectId}/keys/generate`, { headers: a.owner.basic })).body.jwtSecret;
    aCanned = (
      await t.http('POST', `/${a.projectId}/canned`, {
        headers: aAgent.basic,
        body: { title: 'A reply', text: 'Hello from A', shared: true },
      })
    ).body;
    const form = await multipartBody({}, { file: { content: 'A file', filename: 'a.txt', type: 'text/plain' } });
    aFile = (
      await t.http('POST', `/${a.projectId}/files/chat`, {
        headers: { ...aVisitor.headers, ...form.headers },
        payload: form.payload,
      })
    ).body.filename;
    aBanId = (
      await t.http('POST', `/projects/${a.projectId}/ban`, { headers: a.owner.basic, body: { id: 'someone-of-a' } })
    ).body.bannedUsers[0]._id;
    aSubscription = (
      await t.http('POST', `/${a.projectId}/subscriptions`, {
        headers: a.owner.basic,
        // An event nothing here emits: no delivery changes the subscription between snapshots.
        body: { event: 'event.emit.never-in-this-test', target: 'http://127.0.0.1:9/hook' },
      })
    ).body._id;
    aRequest = `support-group-${a.projectId}-${'a1'.repeat(16)}`;
    const opened = await t.http('POST', `/${a.projectId}/requests/${aRequest}/messages`, {
      headers: aVisitor.headers,
      body: { text: 'A conversation' },
    });
    assert.equal(opened.status, 200, opened.text);
    const aLabels = await t.http('POST', `/${a.projectId}/labels/default/clone`, {
      headers: a.owner.basic,
      body: { lang: 'IT' },
    });
    assert.equal(aLabels.status, 200, aLabels.text);
    assert.ok(aDepartment._id && aGroup._id && aPending._id && aSecret && aCanned._id && aFile);
    aEmail = (await t.http('GET', `/${a.projectId}/emails`, { headers: a.owner.basic })).body.emails[0]._id;
    aTrigger = (
      await t.http('POST', `/${a.projectId}/modules/triggers`, {
        headers: a.owner.basic,
        body: { name: 'A trigger', trigger: { key: 'event.emit' }, actions: [{ key: 'request.close' }] },
      })
    ).body._id;
    assert.ok(aBanId && aSubscription && aEmail && aTrigger);
  });
  after(() => t.close());

  it("refuses B's members on A's paths (403) and leaves A unchanged", async () => {
    const before = await snapshotOfA();
    const calls: Array<[string, string, unknown?]> = [
      ['GET', `/projects/${a.projectId}`],
      ['PUT', `/projects/${a.projectId}`, { name: 'Owned by B' }],
      ['PATCH', `/projects/${a.projectId}`, { 'settings.chat_limit_on': true }],
      ['DELETE', `/projects/${a.projectId}`],
      ['DELETE', `/projects/${a.projectId}/physical`],
      ['PATCH', `/projects/${a.projectId}/attributes`, { owner: 'B' }],
      ['POST', `/projects/${a.projectId}/ban`, { id: aAgent.id }],
      ['DELETE', `/projects/${a.projectId}/ban/${aBanId}`],
      ['GET', `/${a.projectId}/project_users/users/search?email=${encodeURIComponent(aAgent.email)}`],
      ['GET', `/${a.projectId}/departments/${aDepartment._id}/operators`],
      ['PUT', `/${a.projectId}/groups/enable/${aGroup._id}`],
      ['PUT', `/${a.projectId}/groups/disable/${aGroup._id}`],
      ['GET', `/${a.projectId}/pendinginvitations/${aPending._id}`],
      ['GET', `/${a.projectId}/pendinginvitations/resendinvite/${aPending._id}`],
      ['DELETE', `/${a.projectId}/pendinginvitations/${aPending._id}`],
      ['POST', `/${a.projectId}/subscriptions/test`, { subscription_id: aSubscription }],
      ['POST', `/${a.projectId}/jwt/generatetestjwt`, { _id: 'minted-by-b' }],
      ['GET', `/${a.projectId}/project_users`],
      ['GET', `/${a.projectId}/project_users/me`],
      ['GET', `/${a.projectId}/project_users/${aAgent.projectUserId}`],
      ['GET', `/${a.projectId}/project_users/users/${aAgent.id}`],
      ['PUT', `/${a.projectId}/project_users`, { user_available: false }],
      ['PUT', `/${a.projectId}/project_users/${aAgent.projectUserId}`, { role: 'admin' }],
      ['DELETE', `/${a.projectId}/project_users/${aAgent.projectUserId}`],
      ['PUT', `/${a.projectId}/project_users/${aAgent.projectUserId}/restore`],
      ['POST', `/${a.projectId}/project_users`, {}],
      ['POST', `/${a.projectId}/project_users/invite`, { email: b.owner.email, role: 'owner' }],
      ['GET', `/${a.projectId}/pendinginvitations`],
      ['GET', `/${a.projectId}/departments/allstatus`],
      ['POST', `/${a.projectId}/departments`, { name: 'By B' }],
      ['PUT', `/${a.projectId}/departments/${aDepartment._id}`, { name: 'By B' }],
      ['DELETE', `/${a.projectId}/departments/${aDepartment._id}`],
      ['GET', `/${a.projectId}/groups`],
      ['GET', `/${a.projectId}/groups/${aGroup._id}`],
      ['POST', `/${a.projectId}/groups`, { name: 'By B' }],
      ['PUT', `/${a.projectId}/groups/${aGroup._id}`, { members: [] }],
      ['DELETE', `/${a.projectId}/groups/${aGroup._id}`],
      ['POST', `/${a.projectId}/keys/generate`],
      ['GET', `/${a.projectId}/canned`],
      ['GET', `/${a.projectId}/canned/${aCanned._id}`],
      ['POST', `/${a.projectId}/canned`, { text: 'By B' }],
      ['PUT', `/${a.projectId}/canned/${aCanned._id}`, { text: 'By B', shared: false }],
      ['DELETE', `/${a.projectId}/canned/${aCanned._id}`],
      ['DELETE', `/${a.projectId}/canned/${aCanned._id}/physical`],
      ['POST', `/${a.projectId}/files/chat`],
      ['GET', `/${a.projectId}/files?path=${encodeURIComponent(aFile)}`],
      ['GET', `/${a.projectId}/files/download?path=${encodeURIComponent(aFile)}`],
      ['DELETE', `/${a.projectId}/files?path=${encodeURIComponent(aFile)}`],
      ['PUT', `/${a.projectId}/requests/${aRequest}/closeg`],
      ['GET', `/${a.projectId}/requests/${aRequest}/chatbot/parameters`],
      ['POST', `/${a.projectId}/requests/${aRequest}/typing`, { typing: true }],
      ['GET', `/${a.projectId}/messages/csv`],
      ['GET', `/${a.projectId}/activities`],
      ['GET', `/${a.projectId}/activities/csv`],
      ['POST', `/${a.projectId}/labels/default/clone`, { lang: 'EN' }],
      ['POST', `/${a.projectId}/labels`, { lang: 'IT', data: { LABEL_PLACEHOLDER: 'By B' } }],
      ['PATCH', `/${a.projectId}/labels/IT/default`, {}],
      ['DELETE', `/${a.projectId}/labels/IT`],
      ['DELETE', `/${a.projectId}/labels`],
      ['GET', `/${a.projectId}/emails`],
      ['GET', `/${a.projectId}/emails/${aEmail}`],
      ['POST', `/${a.projectId}/emails/${aEmail}/resend`],
      ['GET', `/${a.projectId}/emails/templates/verify`],
      ['POST', `/${a.projectId}/emails/test/send`, { to: b.owner.email }],
      ['POST', `/${a.projectId}/requests/${aRequest}/email/send`, { text: 'From B' }],
      ['GET', `/${a.projectId}/modules/triggers`],
      ['GET', `/${a.projectId}/modules/triggers/logs`],
      ['GET', `/${a.projectId}/modules/triggers/${aTrigger}`],
      ['POST', `/${a.projectId}/modules/triggers`, { name: 'By B', trigger: { key: 'event.emit' }, actions: [] }],
      ['PUT', `/${a.projectId}/modules/triggers/${aTrigger}`, { enabled: false }],
      ['PUT', `/${a.projectId}/modules/triggers/s_online_welcome_01/reset`],
      ['DELETE', `/${a.projectId}/modules/triggers/${aTrigger}`],
      ['GET', `/${a.projectId}/analytics/requests/count`],
      ['GET', `/${a.projectId}/analytics/requests/aggregate/day?participant=${aAgent.id}`],
      ['GET', `/${a.projectId}/analytics/requests/percentiles?department_id=${aDepartment._id}`],
      ['GET', `/${a.projectId}/analytics/requests/agents?participant=${aAgent.id}`],
      ['GET', `/${a.projectId}/analytics/messages/aggregate/day?recipient=${aRequest}`],
      ['GET', `/${a.projectId}/analytics/project_users/count`],
      ['GET', `/${a.projectId}/analytics/events/aggregate/day`],
    ];
    for (const headers of [b.owner.basic, b.owner.jwt, bAdmin.basic]) {
      for (const [method, url, body] of calls) {
        const response = await t.http(method, url, { headers, body });
        assert.equal(response.status, 403, `${method} ${url}`);
        assert.deepEqual(response.body, { success: false, msg: 'you dont belong to the project.' }, `${method} ${url}`);
      }
    }
    assert.deepEqual(await snapshotOfA(), before);
  });

  it("answers 404 for A's ids on B's paths and leaves A unchanged", async () => {
    const before = await snapshotOfA();
    const headers = b.owner.basic;
    const calls: Array<[string, string, unknown?]> = [
      ['GET', `/${b.projectId}/project_users/${aAgent.projectUserId}`],
      ['GET', `/${b.projectId}/project_users/users/${aAgent.id}`],
      ['GET', `/${b.projectId}/project_users/users/${aVisitor.id}`],
      ['PUT', `/${b.projectId}/project_users/${aAgent.projectUserId}`, { role: 'admin', status: 'disabled' }],
      ['PUT', `/${b.projectId}/project_users/${aOwnerPu}`, { user_available: false }],
      ['DELETE', `/${b.projectId}/project_users/${aAgent.projectUserId}`],
      ['DELETE', `/${b.projectId}/project_users/${aAgent.projectUserId}?soft=true`],
      ['PUT', `/${b.projectId}/project_users/${aAgent.projectUserId}/restore`],
      ['GET', `/${b.projectId}/departments/${aDepartment._id}`],
      ['PUT', `/${b.projectId}/departments/${aDepartment._id}`, { name: 'By B' }],
      ['PATCH', `/${b.projectId}/departments/${aDepartment._id}`, { status: 0 }],
      ['DELETE', `/${b.projectId}/departments/${aDepartment._id}`],
      ['GET', `/${b.projectId}/groups/${aGroup._id}`],
      ['PUT', `/${b.projectId}/groups/${aGroup._id}`, { name: 'By B', members: [] }],
      ['PUT', `/${b.projectId}/groups/enable/${aGroup._id}`],
      ['PUT', `/${b.projectId}/groups/disable/${aGroup._id}`],
      ['DELETE', `/projects/${b.projectId}/ban/${aBanId}`],
      ['GET', `/${b.projectId}/project_users/users/search?email=${encodeURIComponent(aAgent.email)}`],
      ['GET', `/${b.projectId}/departments/${aDepartment._id}/operators`],
      ['GET', `/${b.projectId}/pendinginvitations/${aPending._id}`],
      ['GET', `/${b.projectId}/pendinginvitations/resendinvite/${aPending._id}`],
      ['DELETE', `/${b.projectId}/pendinginvitations/${aPending._id}`],
      ['POST', `/${b.projectId}/subscriptions/test`, { subscription_id: aSubscription }],
      ['DELETE', `/${b.projectId}/groups/${aGroup._id}`],
      ['GET', `/projects/${b.projectId}/users/availables?department=${aDepartment._id}`],
      ['GET', `/${b.projectId}/canned/${aCanned._id}`],
      ['PUT', `/${b.projectId}/canned/${aCanned._id}`, { text: 'By B', shared: false }],
      ['DELETE', `/${b.projectId}/canned/${aCanned._id}`],
      ['DELETE', `/${b.projectId}/canned/${aCanned._id}/physical`],
      ['GET', `/${b.projectId}/files?path=${encodeURIComponent(aFile)}`],
      ['GET', `/${b.projectId}/files/download?path=${encodeURIComponent(aFile)}`],
      ['DELETE', `/${b.projectId}/files?path=${encodeURIComponent(aFile)}`],
      ['PUT', `/${b.projectId}/requests/${aRequest}/closeg`],
      ['POST', `/${b.projectId}/requests/${aRequest}/typing`, { typing: true }],
      ['PATCH', `/${b.projectId}/labels/IT/default`, {}],
      ['DELETE', `/${b.projectId}/labels/IT`],
      ['GET', `/${b.projectId}/emails/${aEmail}`],
      ['POST', `/${b.projectId}/emails/${aEmail}/resend`],
      ['POST', `/${b.projectId}/requests/${aRequest}/email/send`, { text: 'From B' }],
      ['GET', `/${b.projectId}/modules/triggers/${aTrigger}`],
      ['PUT', `/${b.projectId}/modules/triggers/${aTrigger}`, { enabled: false }],
      ['DELETE', `/${b.projectId}/modules/triggers/${aTrigger}`],
    ];
    for (const [method, url, body] of calls) {
      const response = await t.http(method, url, { headers, body });
      assert.equal(response.status, 404, `${method} ${url}: ${response.text}`);
    }
    // B's own visitor, on B's path, finds no conversation of A to close either.
    const bVisitor = await anonymous(t, b.projectId);
    const closeg = await t.http('PUT', `/${b.projectId}/requests/${aRequest}/closeg`, { headers: bVisitor.headers });
    assert.equal(closeg.status, 404);
    // Tiledesk checks the project inside the request id before anything else: 401.
    const parameters = await t.http('GET', `/${b.projectId}/requests/${aRequest}/chatbot/parameters`, { headers });
    assert.equal(parameters.status, 401);
    assert.deepEqual(parameters.body, { success: false, message: 'Request does not belong to the project' });
    // B's reports, filtered by A's conversation, department or agent, count nothing of A.
    for (const report of [
      `messages/count?recipient=${aRequest}`,
      `requests/count?department_id=${aDepartment._id}`,
      `requests/aggregate/agent?participant=${aAgent.id}`,
    ]) {
      const response = await t.http('GET', `/${b.projectId}/analytics/${report}`, { headers });
      assert.equal(response.status, 200, response.text);
      assert.deepEqual(response.body, [], report);
    }
    const csv = await t.http('GET', `/${b.projectId}/messages/csv`, { headers });
    assert.equal(csv.status, 200);
    assert.ok(!csv.text.includes('A conversation'));
    assert.deepEqual(await snapshotOfA(), before);
  });

  it("refuses A's groups and members inside B's resources (422)", async () => {
    const before = await snapshotOfA();
    const headers = b.owner.basic;
    const department = await t.http('POST', `/${b.projectId}/departments`, {
      headers,
      body: { name: 'B routed to A', id_group: aGroup._id },
    });
    assert.equal(department.status, 422);
    const update = await t.http('PUT', `/${b.projectId}/departments/default`, {
      headers,
      body: { id_group: aGroup._id },
    });
    assert.equal(update.status, 422);
    const group = await t.http('POST', `/${b.projectId}/groups`, {
      headers,
      body: { name: 'B with A agent', members: [aAgent.id] },
    });
    assert.equal(group.status, 422);
    assert.deepEqual(await snapshotOfA(), before);
  });

  it("does not let B's credentials or B's visitors see A's team emails", async () => {
    const bVisitor = await anonymous(t, b.projectId);
    for (const auth of [b.owner.basic, bVisitor.headers, aVisitor.headers]) {
      const response = await t.http('GET', `/projects/${a.projectId}/users/availables`, { headers: auth });
      assert.equal(response.status, 200);
      assert.ok(response.body.length > 0);
      assert.ok(response.body.every((agent: any) => agent.email === undefined));
    }
  });

  it("does not let a visitor of A act in B, nor B's project secret sign into A", async () => {
    const team = await t.http('GET', `/${b.projectId}/project_users/me`, { headers: aVisitor.headers });
    assert.equal(team.status, 403);
    const bSecret = (await t.http('POST', `/${b.projectId}/keys/generate`, { headers: b.owner.basic })).body.jwtSecret;
    const forged = await new SignJWT({ _id: 'external-1', firstname: 'Mallory' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('userexternal')
      .setAudience(`https://tiledesk.com/projects/${a.projectId}`)
      .sign(new TextEncoder().encode(bSecret));
    const signin = await t.http('POST', '/auth/signinWithCustomToken', { headers: { authorization: `JWT ${forged}` } });
    assert.equal(signin.status, 401);
    // A's secret was not rotated by any of B's attempts.
    const genuine = await new SignJWT({ _id: 'external-2', firstname: 'Alice' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('userexternal')
      .setAudience(`https://tiledesk.com/projects/${a.projectId}`)
      .sign(new TextEncoder().encode(aSecret));
    const ok = await t.http('POST', '/auth/signinWithCustomToken', { headers: { authorization: `JWT ${genuine}` } });
    assert.equal(ok.status, 200, ok.text);
  });

  it("keeps B's project list free of A", async () => {
    const list = await t.http('GET', '/projects', { headers: b.owner.basic });
    assert.deepEqual(
      list.body.map((m: any) => m.id_project._id),
      [b.projectId],
    );
  });
});
