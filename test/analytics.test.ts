/**
 * `/:project_id/analytics`: every report against a small history whose answers are computed by
 * hand below (January and February 2025, across a midnight that is a different day in Rome than
 * in UTC), the filters, the time zones, the windows, the roles. The message buckets against a
 * recount, visitors and events: analytics-buckets.test.ts.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { addMember, newTenant, type Tenant, type TestUser } from './helpers/factories.js';
import { createRequest } from './helpers/conversations.js';
import { HISTORY } from './helpers/analytics-history.js';

const MIN = 60_000;
const JAN = { startDate: '2025-01-01', endDate: '2025-02-28' };
describe('analytics', () => {
  let t: TestApp;
  let tenant: Tenant;
  let agentA: TestUser;
  let agentB: TestUser;
  let d1: string;
  let d2: string;
  const ids: Record<string, string> = {};

  const get = async (path: string, query: Record<string, string> = {}, headers = tenant.owner.basic) => {
    const response = await t.http('GET', `/${tenant.projectId}/analytics${path}`, { headers, query });
    assert.equal(response.status, 200, `${path}: ${response.text}`);
    return response.body;
  };

  async function department(name: string): Promise<string> {
    const response = await t.http('POST', `/${tenant.projectId}/departments`, {
      headers: tenant.owner.basic,
      body: { name },
    });
    assert.equal(response.status, 200, response.text);
    return response.body._id;
  }

  async function importMessages(requestId: string, messages: Array<{ sender: string; at: string; answer?: string }>) {
    const response = await t.http('POST', `/${tenant.projectId}/requests/${requestId}/messages/multi`, {
      headers: tenant.owner.basic,
      body: messages.map((m) => ({
        sender: m.sender,
        text: `at ${m.at}`,
        attributes: { clienttimestamp: Date.parse(m.at), ...(m.answer && { _answerid: m.answer }) },
      })),
    });
    assert.equal(response.status, 200, response.text);
  }

  before(async () => {
    t = await startTestApp();
    tenant = await newTenant(t);
    agentA = await addMember(t, tenant, 'agent');
    agentB = await addMember(t, tenant, 'agent');
    d1 = await department('Sales');
    d2 = await department('Support');
    const agent = { a: agentA.id, b: agentB.id };
    for (const seeded of HISTORY) {
      const created = await createRequest(t, tenant, { first_text: seeded.key });
      ids[seeded.key] = created.request_id;
      const at = new Date(seeded.createdAt);
      const after = (ms: number | undefined) => (ms === undefined ? null : new Date(at.getTime() + ms));
      const agents = seeded.agents.map((key) => agent[key]);
      // Timestamps and outcomes of the past, written where the API has no way to date them.
      await t.database.db
        .updateTable('requests')
        .set({
          created_at: at,
          department_id: seeded.department === 'd1' ? d1 : d2,
          participants: seeded.bot ? ['bot_0123'] : agents,
          participants_agents: agents,
          has_bot: seeded.bot ?? false,
          status: seeded.status,
          waiting_time: seeded.waiting ?? null,
          first_response_at: after(seeded.firstResponse),
          closed_at: after(seeded.duration),
          rating: seeded.rating ?? null,
          source_page: seeded.sourcePage ?? null,
          preflight: seeded.preflight ?? false,
        })
        .where('request_id', '=', created.request_id)
        .execute();
    }
    await importMessages(ids.r1!, [
      { sender: 'visitor-1', at: '2025-01-10T10:00:10Z' },
      { sender: agentA.id, at: '2025-01-10T10:01:00Z' },
      { sender: 'visitor-1', at: '2025-01-10T23:50:00Z' },
    ]);
    await importMessages(ids.r3!, [
      { sender: 'visitor-3', at: '2025-01-11T08:00:30Z' },
      { sender: 'bot_0123', at: '2025-01-11T08:00:31Z', answer: 'ans-1' },
    ]);
  });

  after(() => t.close());

  it('counts conversations per day, in UTC by default and in a time zone across midnight', async () => {
    assert.deepEqual(await get('/requests/aggregate/day', JAN), [
      { _id: { year: 2025, month: 1, day: 10 }, count: 2 },
      { _id: { year: 2025, month: 1, day: 11 }, count: 2 },
      { _id: { year: 2025, month: 2, day: 3 }, count: 1 },
    ]);
    const rome = [
      { _id: { year: 2025, month: 1, day: 10 }, count: 1 },
      { _id: { year: 2025, month: 1, day: 11 }, count: 3 },
      { _id: { year: 2025, month: 2, day: 3 }, count: 1 },
    ];
    assert.deepEqual(await get('/requests/aggregate/day', { ...JAN, timezone: 'Europe/Rome' }), rome);
    assert.deepEqual(await get('/requests/aggregate/day', { ...JAN, timezone: '+01:00' }), rome);
    // The window's days are Rome's too: Jan 11 in Rome begins at 23:00 UTC on Jan 10.
    assert.deepEqual(
      await get('/requests/aggregate/day', { startDate: '2025-01-11', endDate: '2025-01-11', timezone: 'Europe/Rome' }),
      [{ _id: { year: 2025, month: 1, day: 11 }, count: 3 }],
    );
    assert.deepEqual(await get('/requests/aggregate/day', { startDate: '2025-01-11', endDate: '2025-01-11' }), [
      { _id: { year: 2025, month: 1, day: 11 }, count: 2 },
    ]);
  });

  it('filters by department and by agent', async () => {
    assert.deepEqual(await get('/requests/aggregate/day', { ...JAN, timezone: 'Europe/Rome', department_id: d1 }), [
      { _id: { year: 2025, month: 1, day: 10 }, count: 1 },
      { _id: { year: 2025, month: 1, day: 11 }, count: 1 },
      { _id: { year: 2025, month: 2, day: 3 }, count: 1 },
    ]);
    assert.deepEqual(await get('/requests/aggregate/day', { ...JAN, participant: agentB.id }), [
      { _id: { year: 2025, month: 1, day: 10 }, count: 1 },
      { _id: { year: 2025, month: 2, day: 3 }, count: 1 },
    ]);
    assert.deepEqual(await get('/requests/count', { ...JAN, participant: agentA.id }), [{ totalCount: 3 }]);
    assert.deepEqual(await get('/requests/count', { ...JAN, department_id: 'nothing-here' }), []);
    const byDepartment = await get('/requests/aggregate/department', JAN);
    assert.deepEqual(
      byDepartment,
      [
        { _id: { department: d1 }, count: 3 },
        { _id: { department: d2 }, count: 2 },
      ].sort((x, y) => (x._id.department < y._id.department ? -1 : 1)),
    );
    const byAgent = await get('/requests/aggregate/agent', JAN);
    assert.deepEqual(
      byAgent,
      [
        { _id: { agent: agentA.id }, count: 3 },
        { _id: { agent: agentB.id }, count: 2 },
      ].sort((x, y) => (x._id.agent < y._id.agent ? -1 : 1)),
    );
    assert.deepEqual(await get('/requests/aggregate/agent', { ...JAN, department_id: d2 }), [
      { _id: { agent: agentA.id }, count: 1 },
    ]);
    // A: r1, r3, r5; B: r2 (open, unrated), r5.
    assert.deepEqual(await get('/requests/agents', JAN), [
      {
        _id: { agent: agentA.id },
        count: 3,
        first_response_time_avg: (MIN + 30_000 + 90_000) / 3,
        duration_avg: ((30 + 60 + 10) * MIN) / 3,
        satisfaction_avg: 13 / 3,
      },
      {
        _id: { agent: agentB.id },
        count: 2,
        first_response_time_avg: (100_000 + 90_000) / 2,
        duration_avg: 10 * MIN,
        satisfaction_avg: 5,
      },
    ]);
    assert.deepEqual(await get('/requests/agents', { ...JAN, department_id: d2 }), [
      {
        _id: { agent: agentA.id },
        count: 1,
        first_response_time_avg: 30_000,
        duration_avg: 60 * MIN,
        satisfaction_avg: 3,
      },
    ]);
  });

  it('counts by status, bot, week, month, hour, weekday and source page', async () => {
    assert.deepEqual(await get('/requests/count', JAN), [{ totalCount: 5 }]);
    assert.deepEqual(await get('/requests/hasBot/count', JAN), [{ totalCount: 1 }]);
    assert.deepEqual(await get('/requests/aggregate/status', JAN), [
      { _id: { status: 200 }, count: 2 },
      { _id: { status: 1000 }, count: 3 },
    ]);
    assert.deepEqual(await get('/requests/aggregate/status/day', JAN), [
      { _id: { year: 2025, month: 1, day: 10, status: 200 }, count: 1 },
      { _id: { year: 2025, month: 1, day: 10, status: 1000 }, count: 1 },
      { _id: { year: 2025, month: 1, day: 11, status: 200 }, count: 1 },
      { _id: { year: 2025, month: 1, day: 11, status: 1000 }, count: 1 },
      { _id: { year: 2025, month: 2, day: 3, status: 1000 }, count: 1 },
    ]);
    assert.deepEqual(await get('/requests/aggregate/hasBot/day', JAN), [
      { _id: { year: 2025, month: 1, day: 10, hasBot: false }, count: 2 },
      { _id: { year: 2025, month: 1, day: 11, hasBot: false }, count: 1 },
      { _id: { year: 2025, month: 1, day: 11, hasBot: true }, count: 1 },
      { _id: { year: 2025, month: 2, day: 3, hasBot: false }, count: 1 },
    ]);
    // 2025-01-05 is the year's first Sunday: Jan 10 and 11 are in week 1, Feb 3 in week 5.
    assert.deepEqual(await get('/requests/aggregate/week', JAN), [
      { _id: { year: 2025, month: 1, week: 1 }, count: 4 },
      { _id: { year: 2025, month: 2, week: 5 }, count: 1 },
    ]);
    assert.deepEqual(await get('/requests/aggregate/month', JAN), [
      { _id: { year: 2025, month: 1 }, count: 4 },
      { _id: { year: 2025, month: 2 }, count: 1 },
    ]);
    assert.deepEqual(await get('/requests/aggregate/hours', { ...JAN, timezone: 'Europe/Rome' }), [
      { _id: { hour: 13 }, count: 1 },
      { _id: { hour: 11 }, count: 1 },
      { _id: { hour: 10 }, count: 1 },
      { _id: { hour: 9 }, count: 1 },
      { _id: { hour: 0 }, count: 1 },
    ]);
    // Weekdays as MongoDB's $dayOfWeek (1 = Sunday), in the zone too: r2 is a Saturday in Rome.
    assert.deepEqual(await get('/requests/aggregate/dayoftheweek/hours', { ...JAN, timezone: 'Europe/Rome' }), [
      { _id: { hour: 13, weekday: 2 }, count: 1 },
      { _id: { hour: 11, weekday: 6 }, count: 1 },
      { _id: { hour: 10, weekday: 7 }, count: 1 },
      { _id: { hour: 9, weekday: 7 }, count: 1 },
      { _id: { hour: 0, weekday: 7 }, count: 1 },
    ]);
    assert.deepEqual(await get('/requests/aggregate/sourcePage', JAN), [
      { _id: { sourcePage: null }, count: 3 },
      { _id: { sourcePage: 'https://a.example/' }, count: 2 },
    ]);
  });

  it('averages waiting time, duration and rating, per project, day and month', async () => {
    const project = tenant.projectId;
    assert.deepEqual(await get('/requests/waiting', JAN), [{ _id: project, waiting_time_avg: 75_000 }]);
    assert.deepEqual(await get('/requests/waiting/day', JAN), [
      { _id: { day: 3, month: 2, year: 2025 }, waiting_time_avg: 90_000 },
      { _id: { day: 11, month: 1, year: 2025 }, waiting_time_avg: 30_000 },
      { _id: { day: 10, month: 1, year: 2025 }, waiting_time_avg: 90_000 },
    ]);
    assert.deepEqual(await get('/requests/waiting/month', JAN), [
      { _id: { month: 2, year: 2025 }, waiting_time_avg: 90_000 },
      { _id: { month: 1, year: 2025 }, waiting_time_avg: 70_000 },
    ]);
    assert.deepEqual(await get('/requests/duration', JAN), [{ _id: project, duration_avg: 2_000_000 }]);
    assert.deepEqual(await get('/requests/duration/day', { ...JAN, department_id: d1 }), [
      { _id: { day: 3, month: 2, year: 2025 }, duration_avg: 600_000 },
      { _id: { day: 10, month: 1, year: 2025 }, duration_avg: 1_800_000 },
    ]);
    assert.deepEqual(await get('/requests/duration/month', JAN), [
      { _id: { month: 2, year: 2025 }, duration_avg: 600_000 },
      { _id: { month: 1, year: 2025 }, duration_avg: 2_700_000 },
    ]);
    assert.deepEqual(await get('/requests/satisfaction', JAN), [{ _id: project, satisfaction_avg: 4.25 }]);
    assert.deepEqual(await get('/requests/satisfaction/day', { ...JAN, timezone: 'Europe/Rome' }), [
      { _id: { day: 3, month: 2, year: 2025 }, satisfaction_avg: 5 },
      { _id: { day: 11, month: 1, year: 2025 }, satisfaction_avg: 3.5 },
      { _id: { day: 10, month: 1, year: 2025 }, satisfaction_avg: 5 },
    ]);
    assert.deepEqual(await get('/requests/satisfaction/month', JAN), [
      { _id: { month: 2, year: 2025 }, satisfaction_avg: 5 },
      { _id: { month: 1, year: 2025 }, satisfaction_avg: 4 },
    ]);
    assert.deepEqual(await get('/requests/satisfaction/ratings', JAN), [
      { _id: { rating: 3 }, count: 1 },
      { _id: { rating: 4 }, count: 1 },
      { _id: { rating: 5 }, count: 2 },
    ]);
    // A window without conversations answers [] (MongoDB gives no group), not a null average.
    assert.deepEqual(await get('/requests/waiting', { startDate: '2024-01-01', endDate: '2024-01-31' }), []);
  });

  it('reports the percentiles of waiting, first-response and duration times', async () => {
    // Linear interpolation between the closest ranks (PostgreSQL's percentile_cont).
    assert.deepEqual(await get('/requests/percentiles', JAN), [
      {
        _id: tenant.projectId,
        count: 5,
        waiting_time: { avg: 75_000, p50: 75_000, p90: 111_000, p95: 115_500 },
        first_response_time: { avg: 70_000, p50: 75_000, p90: 97_000, p95: 98_500 },
        duration: { avg: 2_000_000, p50: 1_800_000, p90: 3_240_000, p95: 3_420_000 },
      },
    ]);
    assert.deepEqual(await get('/requests/percentiles', { ...JAN, participant: agentB.id }), [
      {
        _id: tenant.projectId,
        count: 2,
        waiting_time: { avg: 105_000, p50: 105_000, p90: 117_000, p95: 118_500 },
        first_response_time: { avg: 95_000, p50: 95_000, p90: 99_000, p95: 99_500 },
        duration: { avg: 600_000, p50: 600_000, p90: 600_000, p95: 600_000 },
      },
    ]);
    assert.deepEqual(await get('/requests/percentiles', { startDate: '2024-01-01', endDate: '2024-01-31' }), []);
  });

  it('counts messages per day, week and month from the buckets, and by sender and bot answer', async () => {
    const january = { startDate: '2025-01-01', endDate: '2025-01-31' };
    assert.deepEqual(await get('/messages/count', january), [{ totalCount: 5 }]);
    assert.deepEqual(await get('/messages/aggregate/day', january), [
      { _id: { year: 2025, month: 1, day: 10 }, count: 3 },
      { _id: { year: 2025, month: 1, day: 11 }, count: 2 },
    ]);
    assert.deepEqual(await get('/messages/aggregate/day', { ...january, timezone: 'Asia/Kolkata' }), [
      { _id: { year: 2025, month: 1, day: 10 }, count: 2 },
      { _id: { year: 2025, month: 1, day: 11 }, count: 3 },
    ]);
    assert.deepEqual(await get('/messages/aggregate/week', january), [
      { _id: { year: 2025, month: 1, week: 1 }, count: 5 },
    ]);
    assert.deepEqual(await get('/messages/aggregate/month', JAN), [{ _id: { year: 2025, month: 1 }, count: 5 }]);
    assert.deepEqual(await get('/messages/aggregate/day', { ...january, sender: 'visitor-1' }), [
      { _id: { year: 2025, month: 1, day: 10 }, count: 2 },
    ]);
    assert.deepEqual(await get('/messages/count', { ...january, recipient: ids.r3! }), [{ totalCount: 2 }]);
    assert.deepEqual(await get('/messages/aggregate/day', { ...january, channel: 'email' }), []);
    assert.deepEqual(await get('/messages/aggregate/sender', january), [
      ...[
        { _id: { sender: agentA.id }, count: 1 },
        { _id: { sender: 'bot_0123' }, count: 1 },
        { _id: { sender: 'visitor-1' }, count: 2 },
        { _id: { sender: 'visitor-3' }, count: 1 },
      ].sort((x, y) => (x._id.sender < y._id.sender ? -1 : 1)),
    ]);
    assert.deepEqual(await get('/requests/aggregate/attributes/_answerid', january), [
      { _id: { _answerid: null }, count: 4 },
      { _id: { _answerid: 'ans-1' }, count: 1 },
    ]);
    assert.deepEqual(await get('/messages/count', { ...january, attributes_answerid: 'ans-1' }), [{ totalCount: 1 }]);
  });

  it('windows by lastdays from now (the reference default), messages rounded to their 15-minute bucket', async () => {
    for (const text of ['Hello', 'Anyone there?']) {
      const sent = await t.http('POST', `/${tenant.projectId}/requests/${ids.r2}/messages`, {
        headers: tenant.owner.basic,
        body: { text },
      });
      assert.equal(sent.status, 200, sent.text);
    }
    const today = new Date();
    const day = { year: today.getUTCFullYear(), month: today.getUTCMonth() + 1, day: today.getUTCDate() };
    // The seeded conversations are of 2025: none in the last 7 days.
    assert.deepEqual(await get('/requests/aggregate/day'), []);
    assert.deepEqual(await get('/messages/aggregate/day'), [{ _id: day, count: 2 }]);
    assert.deepEqual(await get('/messages/count'), [{ totalCount: 2 }]);
    assert.deepEqual(await get('/messages/count', { lastdays: '0.0001' }), [{ totalCount: 2 }]);
    // Empty parameters are absent ones, as the dashboard sends them.
    assert.deepEqual(await get('/messages/aggregate/day', { lastdays: '', sender: '', timezone: '' }), [
      { _id: day, count: 2 },
    ]);
    assert.deepEqual(await get('/requests/count', { ...JAN, department_id: '', participant: '' }), [{ totalCount: 5 }]);
    assert.deepEqual(await get('/messages/aggregate/sender', { sender: tenant.owner.id }), [
      { _id: { sender: tenant.owner.id }, count: 2 },
    ]);
  });

  it('is for admins of the project: agents 403, other projects 403, bad queries 422 with a JSON body', async () => {
    const agentCall = await t.http('GET', `/${tenant.projectId}/analytics/requests/count`, { headers: agentA.basic });
    assert.equal(agentCall.status, 403);
    assert.deepEqual(agentCall.body, { success: false, msg: 'you dont have the required role.' });
    const stranger = await newTenant(t);
    const foreign = await t.http('GET', `/${tenant.projectId}/analytics/messages/aggregate/day`, {
      headers: stranger.owner.basic,
    });
    assert.equal(foreign.status, 403);
    assert.deepEqual(foreign.body, { success: false, msg: 'you dont belong to the project.' });
    assert.equal((await t.http('GET', `/${tenant.projectId}/analytics/requests/count`)).status, 401);
    const queries: Array<Record<string, string>> = [
      { timezone: 'Mars/Olympus' },
      { timezone: '+25:00' },
      { lastdays: 'many' },
      { lastdays: '-1' },
      { startDate: '2025-02-30' },
      { startDate: '2025-03-01', endDate: '2025-02-01' },
      { startDate: '01/02/2025' },
    ];
    for (const query of queries) {
      const response = await t.http('GET', `/${tenant.projectId}/analytics/requests/aggregate/day`, {
        headers: tenant.owner.basic,
        query,
      });
      assert.equal(response.status, 422, `${JSON.stringify(query)}: ${response.text}`);
      assert.equal(typeof response.body, 'object');
    }
  });
});
