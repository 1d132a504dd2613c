/**
 * `/:project_id/analytics`, continued: the message buckets kept by triggers (migration 0020)
 * against a recount after concurrent live and imported messages, a deleted conversation and a
 * deleted project; the reports on visitors and custom events.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { anonymous, newTenant } from './helpers/factories.js';
import { createRequest } from './helpers/conversations.js';

const MIN = 60_000;

describe('analytics: message buckets, visitors, events', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  it('counts end users who joined and custom events', async () => {
    const other = await newTenant(t);
    const visitors = [await anonymous(t, other.projectId), await anonymous(t, other.projectId)];
    const today = new Date();
    const day = { year: today.getUTCFullYear(), month: today.getUTCMonth() + 1, day: today.getUTCDate() };
    const within = async (path: string, query: Record<string, string> = {}) => {
      const response = await t.http('GET', `/${other.projectId}/analytics${path}`, {
        headers: other.owner.basic,
        query,
      });
      assert.equal(response.status, 200, `${path}: ${response.text}`);
      return response.body;
    };
    assert.deepEqual(await within('/project_users/count'), [{ totalCount: 2 }]);
    assert.deepEqual(await within('/project_users/aggregate/day'), [{ _id: day, count: 2 }]);
    assert.deepEqual(await within('/project_users/aggregate/month'), [
      { _id: { year: day.year, month: day.month }, count: 2 },
    ]);
    assert.equal((await within('/project_users/aggregate/week'))[0].count, 2);
    for (const name of ['faq_click', 'faq_click', 'typing.start']) {
      const posted = await t.http('POST', `/${other.projectId}/events`, {
        headers: visitors[0]!.headers,
        body: { name },
      });
      assert.equal(posted.status, 200, posted.text);
    }
    const clicks = { _id: { ...day, name: 'faq_click' }, count: 2 };
    assert.deepEqual(await within('/events/aggregate/day'), [clicks]);
    assert.deepEqual(await within('/events/aggregate/day', { name: 'typing.start' }), [
      { _id: { ...day, name: 'typing.start' }, count: 1 },
    ]);
  });

  it('keeps the message buckets equal to a recount through concurrent writes and deletions', async () => {
    const own = await newTenant(t);
    const requests = await Promise.all(
      Array.from({ length: 4 }, (_, i) => createRequest(t, own, { first_text: `concurrent ${i}` })),
    );
    // Live messages and imported batches at once, in several buckets.
    await Promise.all(
      requests.flatMap((request, r) => [
        ...Array.from({ length: 5 }, (_, i) =>
          t.http('POST', `/${own.projectId}/requests/${request.request_id}/messages`, {
            headers: own.owner.basic,
            body: { text: `live ${r}.${i}` },
          }),
        ),
        t.http('POST', `/${own.projectId}/requests/${request.request_id}/messages/multi`, {
          headers: own.owner.basic,
          body: Array.from({ length: 30 }, (_, i) => ({
            sender: `visitor-${r}`,
            text: `imported ${i}`,
            attributes: { clienttimestamp: Date.parse('2025-03-01T00:00:00Z') + (r * 30 + i) * 7 * MIN },
          })),
        }),
      ]),
    );
    const db = t.database.db;
    const buckets = async () =>
      (
        await sql<{ bucket: string; count: number }>`
          SELECT bucket_at::text AS bucket, sum(count)::int AS count FROM message_counts
          WHERE project_id = ${own.projectId} GROUP BY 1 HAVING sum(count) > 0 ORDER BY 1`.execute(db)
      ).rows;
    const recount = async () =>
      (
        await sql<{ bucket: string; count: number }>`
          SELECT date_bin('15 minutes', created_at, timestamptz 'epoch')::text AS bucket, count(*)::int AS count
          FROM messages WHERE project_id = ${own.projectId} GROUP BY 1 ORDER BY 1`.execute(db)
      ).rows;
    const counted = await recount();
    assert.ok(counted.length > 20, `${counted.length} buckets`);
    assert.equal(
      counted.reduce((sum, row) => sum + row.count, 0),
      4 * (5 + 30),
    );
    assert.deepEqual(await buckets(), counted);

    const removed = await t.http('DELETE', `/${own.projectId}/requests/${requests[0].request_id}`, {
      headers: own.owner.basic,
    });
    assert.equal(removed.status, 200, removed.text);
    assert.deepEqual(await buckets(), await recount());
    const left3 = await t.http('GET', `/${own.projectId}/analytics/messages/count`, {
      headers: own.owner.basic,
      query: { startDate: '2025-03-01' },
    });
    assert.deepEqual(left3.body, [{ totalCount: 3 * 30 + 3 * 5 }]);

    await t.database.db.deleteFrom('projects').where('id', '=', own.projectId).execute();
    const gone = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM message_counts WHERE project_id = ${own.projectId}`.execute(db);
    assert.equal(gone.rows[0]!.n, 0);
  });
});
