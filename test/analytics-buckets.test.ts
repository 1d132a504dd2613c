/**
 * `/:project_id/analytics`, continued: the message buckets (migration 0020) and the conversation
 * buckets (migration 0023) kept by triggers, against a recount after concurrent writes,
 * deletions and a deleted project; the reports on visitors and custom events.
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
    await t.context.services.analytics.compactCounts();
    const perBucket = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM message_counts WHERE project_id = ${own.projectId}
      GROUP BY bucket_at, channel ORDER BY 1 DESC LIMIT 1`.execute(db);
    assert.equal(perBucket.rows[0]!.n, 1, 'compacted: one row per bucket');
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

  it('takes first messages and answers of many conversations at once without a lock between them', async () => {
    // Each first message creates its conversation (a conversation count) and a message (a message
    // count); each answer moves its conversation. Counts kept in one locked row per bucket made
    // such transactions wait for each other, and deadlock when they met the rows in opposite orders.
    const own = await newTenant(t);
    const answered = await Promise.all(
      Array.from({ length: 6 }, (_, i) => createRequest(t, own, { first_text: `answered ${i}` })),
    );
    const statuses = await Promise.all([
      ...Array.from({ length: 12 }, async () => {
        const visitor = await anonymous(t, own.projectId);
        const id = `support-group-${own.projectId}-${crypto.randomUUID().replace(/-/g, '')}`;
        return (
          await t.http('POST', `/${own.projectId}/requests/${id}/messages`, {
            headers: visitor.headers,
            body: { text: 'first' },
          })
        ).status;
      }),
      ...answered.flatMap((request: any) =>
        Array.from(
          { length: 3 },
          async (_, i) =>
            (
              await t.http('POST', `/${own.projectId}/requests/${request.request_id}/messages`, {
                headers: own.owner.basic,
                body: { text: `answer ${i}` },
              })
            ).status,
        ),
      ),
    ]);
    assert.deepEqual(
      statuses.filter((status) => status !== 200),
      [],
    );
    const total = await t.http('GET', `/${own.projectId}/analytics/messages/count`, {
      headers: own.owner.basic,
      query: { lastdays: '1' },
    });
    const stored = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM messages WHERE project_id = ${own.projectId}`.execute(t.database.db);
    assert.ok(stored.rows[0]!.n >= 12 + 18);
    assert.deepEqual(total.body, [{ totalCount: stored.rows[0]!.n }]);
  });

  it('keeps the conversation buckets equal to a recount through concurrent writes, closes, ratings and deletions', async () => {
    const own = await newTenant(t);
    const db = t.database.db;
    // Conversations created at once; half of them then dated in the past (two buckets of January),
    // one served by a bot: updates move a conversation's contribution between buckets.
    const created = await Promise.all(
      Array.from({ length: 8 }, (_, i) => createRequest(t, own, { first_text: `rolled up ${i}` })),
    );
    await Promise.all(
      created
        .filter((_, i) => i % 2 === 0)
        .map((request: any, n) =>
          db
            .updateTable('requests')
            .set({ created_at: new Date(Date.parse('2025-01-10T10:00:00Z') + n * 20 * MIN), has_bot: n === 0 })
            .where('request_id', '=', request.request_id)
            .execute(),
        ),
    );
    await Promise.all(
      created.map(async (request: any, i) => {
        const path = `/${own.projectId}/requests/${request.request_id}`;
        if (i % 3 !== 2) {
          const closed = await t.http('PUT', `${path}/close`, { headers: own.owner.basic });
          assert.equal(closed.status, 200, closed.text);
        }
        // Ratings 1 to 5 and one outside them (Tiledesk accepts any number).
        const rated = await t.http('PATCH', `${path}/rating`, {
          headers: own.owner.basic,
          body: { rating: i === 7 ? 9 : (i % 5) + 1 },
        });
        assert.equal(rated.status, 200, rated.text);
      }),
    );
    // A bucket may hold several rows until they are compacted (migration 0024): its count is their sum.
    const summed = sql`sum(count) AS count, sum(bot_count) AS bot_count, sum(waiting_sum) AS waiting_sum,
      sum(waiting_count) AS waiting_count, sum(duration_sum) AS duration_sum, sum(duration_count) AS duration_count,
      sum(rating_sum) AS rating_sum, sum(rating_count) AS rating_count, sum(rating_1) AS rating_1,
      sum(rating_2) AS rating_2, sum(rating_3) AS rating_3, sum(rating_4) AS rating_4, sum(rating_5) AS rating_5,
      sum(rating_other) AS rating_other`;
    const buckets = async () =>
      (
        await sql<Record<string, unknown>>`SELECT bucket_at::text AS bucket, ${summed} FROM request_counts
          WHERE project_id = ${own.projectId} GROUP BY 1 HAVING sum(count) <> 0 ORDER BY 1`.execute(db)
      ).rows;
    const rowsPerBucket = async () =>
      (
        await sql<{ n: number }>`SELECT count(*)::int AS n FROM request_counts
          WHERE project_id = ${own.projectId} GROUP BY bucket_at ORDER BY 1 DESC LIMIT 1`.execute(db)
      ).rows[0]?.n;
    const recount = async () =>
      (
        await sql<
          Record<string, unknown>
        >`SELECT (c).bucket_at::text AS bucket, sum((c).count) AS count, sum((c).bot_count) AS bot_count,
            sum((c).waiting_sum) AS waiting_sum, sum((c).waiting_count) AS waiting_count,
            sum((c).duration_sum) AS duration_sum, sum((c).duration_count) AS duration_count,
            sum((c).rating_sum) AS rating_sum, sum((c).rating_count) AS rating_count,
            sum((c).rating_1) AS rating_1, sum((c).rating_2) AS rating_2, sum((c).rating_3) AS rating_3,
            sum((c).rating_4) AS rating_4, sum((c).rating_5) AS rating_5, sum((c).rating_other) AS rating_other
          FROM (SELECT request_counts_row(requests, 1) AS c FROM requests
                WHERE project_id = ${own.projectId} AND NOT preflight) AS rows
          GROUP BY 1 ORDER BY 1`.execute(db)
      ).rows;
    // Counts come back as numbers or strings depending on the column's type: compare the values.
    const normal = (rows: Array<Record<string, unknown>>) =>
      rows.map((row) =>
        Object.fromEntries(Object.entries(row).map(([key, value]) => [key, key === 'bucket' ? value : Number(value)])),
      );
    const counted = normal(await recount());
    assert.ok(counted.length >= 3, `${counted.length} buckets`);
    assert.deepEqual(normal(await buckets()), counted);
    // Compacting folds each bucket into one row and changes no count.
    assert.ok((await rowsPerBucket())! > 1, 'the writes appended rows');
    assert.ok((await t.context.services.analytics.compactCounts()) > 0);
    assert.equal(await rowsPerBucket(), 1);
    assert.deepEqual(normal(await buckets()), counted);

    // All time, the reports read the buckets; with a filter that they do not have, the rows.
    const report = async (path: string, query: Record<string, string> = {}) => {
      const response = await t.http('GET', `/${own.projectId}/analytics${path}`, { headers: own.owner.basic, query });
      assert.equal(response.status, 200, `${path}: ${response.text}`);
      return response.body;
    };
    const { _id: department } = (await t.http('GET', `/${own.projectId}/departments`, { headers: own.owner.basic }))
      .body[0];
    for (const path of ['/requests/aggregate/month', '/requests/satisfaction', '/requests/duration/month']) {
      assert.deepEqual(
        await report(path, { lastdays: '100000' }),
        await report(path, { lastdays: '100000', department_id: department }),
        path,
      );
    }
    assert.deepEqual(await report('/requests/satisfaction/ratings'), [
      { _id: { rating: 1 }, count: 2 },
      { _id: { rating: 2 }, count: 2 },
      { _id: { rating: 3 }, count: 1 },
      { _id: { rating: 4 }, count: 1 },
      { _id: { rating: 5 }, count: 1 },
      { _id: { rating: 9 }, count: 1 },
    ]);

    const removed = await t.http('DELETE', `/${own.projectId}/requests/${created[1].request_id}`, {
      headers: own.owner.basic,
    });
    assert.equal(removed.status, 200, removed.text);
    assert.deepEqual(normal(await buckets()), normal(await recount()));
    assert.equal((await report('/requests/count', { startDate: '2025-01-01' }))[0].totalCount, 7);

    await db.deleteFrom('projects').where('id', '=', own.projectId).execute();
    const gone = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM request_counts WHERE project_id = ${own.projectId}`.execute(db);
    assert.equal(gone.rows[0]!.n, 0);
  });
});
