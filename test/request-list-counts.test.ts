// `request_list_counts` (migration 0025) holds the totals of the owner's lists: after concurrent
// creations, closes, reopenings, status changes, deletions and bulk statements, and after
// compaction, it must equal a recount of `requests`, key by key, and the lists must answer the
// recount, on both databases.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { newObjectId } from '../src/platform/ids.js';
import { REQUEST_STATUS } from '../web/shared/request-status.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { newTenant } from './helpers/factories.js';
import { createRequest } from './helpers/conversations.js';

type Key = { status: number; preflight: boolean; draft: boolean; has_bot: boolean; count: number };

describe('request list counts', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  const byKey = (rows: Key[]) =>
    Object.fromEntries(
      rows
        .map((r) => [`${r.status}/${r.preflight}/${r.draft}/${r.has_bot}`, Number(r.count)] as const)
        .filter(([, count]) => count !== 0)
        .sort(([a], [b]) => a.localeCompare(b)),
    );

  async function rollup(projectId: string) {
    const { rows } = await sql<Key>`
      SELECT status, preflight, draft, has_bot, sum(count) AS count FROM request_list_counts
      WHERE project_id = ${projectId} GROUP BY 1, 2, 3, 4`.execute(t.database.db);
    return byKey(rows);
  }

  async function recount(projectId: string) {
    const { rows } = await sql<Key>`
      SELECT status, preflight, draft, has_bot, count(*) AS count FROM requests
      WHERE project_id = ${projectId} GROUP BY 1, 2, 3, 4`.execute(t.database.db);
    return byKey(rows);
  }

  it('equals a recount after concurrent changes and after compaction; the lists answer it', async () => {
    const tenant = await newTenant(t);
    const { projectId } = tenant;
    const http = (method: string, path: string, body?: unknown) =>
      t.http(method, `/${projectId}${path}`, { headers: tenant.owner.basic, body });

    const created = await Promise.all(
      Array.from({ length: 24 }, (_, i) => createRequest(t, tenant, { first_text: `r${i}` })),
    );
    const ids: string[] = created.map((r: any) => r.request_id);
    // Closes, reopenings, status changes and deletions, all at once.
    const [responses] = await Promise.all([
      Promise.all([
        ...ids.slice(0, 10).map((id) => http('PUT', `/requests/${id}/close`)),
        ...ids.slice(10, 14).map((id) => http('PATCH', `/requests/${id}`, { status: REQUEST_STATUS.UNASSIGNED })),
        ...ids.slice(14, 18).map((id) => http('DELETE', `/requests/${id}`)),
      ]),
      Promise.all(Array.from({ length: 4 }, (_, i) => createRequest(t, tenant, { first_text: `late ${i}` }))),
    ]);
    for (const response of responses) assert.equal(response.status, 200, response.text);
    await Promise.all(ids.slice(0, 3).map((id) => http('PUT', `/requests/${id}/reopen`)));
    // Statements of many rows: an insert of every kind of key, then an update and a deletion of several.
    const db = t.database.db;
    const kinds = [false, true].flatMap((preflight) =>
      [false, true].flatMap((draft) => [false, true].map((has_bot) => ({ preflight, draft, has_bot }))),
    );
    await db
      .insertInto('requests')
      .values(
        kinds.map((kind, i) => {
          const id = newObjectId();
          return {
            id,
            project_id: projectId,
            request_id: `support-group-${projectId}-${id}`,
            first_text: 'bulk',
            status: i % 2 ? REQUEST_STATUS.ASSIGNED : REQUEST_STATUS.TEMP,
            ...kind,
          };
        }),
      )
      .execute();
    await db
      .updateTable('requests')
      .set({ status: REQUEST_STATUS.CLOSED })
      .where('project_id', '=', projectId)
      .where('first_text', '=', 'bulk')
      .where('draft', '=', true)
      .execute();
    await db
      .deleteFrom('requests')
      .where('project_id', '=', projectId)
      .where('first_text', '=', 'bulk')
      .where('has_bot', '=', true)
      .execute();

    const counted = await recount(projectId);
    assert.ok(Object.keys(counted).length >= 4, JSON.stringify(counted));
    assert.deepEqual(await rollup(projectId), counted);

    const list = async (query: string) => (await http('GET', `/requests?limit=1${query}`)).body.count as number;
    const total = (where: (key: string) => boolean) =>
      Object.entries(counted)
        .filter(([key]) => where(key))
        .reduce((sum, [, count]) => sum + count, 0);
    const parse = (key: string) => {
      const [status, preflight, draft, hasBot] = key.split('/');
      return {
        status: Number(status),
        preflight: preflight === 'true',
        draft: draft === 'true',
        hasBot: hasBot === 'true',
      };
    };
    const open = (k: ReturnType<typeof parse>) =>
      k.status < REQUEST_STATUS.CLOSED && k.status !== REQUEST_STATUS.TEMP && k.status !== REQUEST_STATUS.ABANDONED;
    assert.equal(
      await list(''),
      total((key) => open(parse(key)) && !parse(key).preflight),
    );
    assert.equal(
      await list('&preflight=true'),
      total((key) => open(parse(key))),
    );
    assert.equal(
      await list('&status=1000&draft=false'),
      total((key) => parse(key).status === 1000 && !parse(key).preflight && !parse(key).draft),
    );
    assert.equal(
      await list('&status=all&hasbot=true'),
      total((key) => parse(key).hasBot && !parse(key).preflight),
    );
    const counts = (await http('GET', '/requests/count')).body;
    assert.equal(
      counts.unassigned,
      total((key) => parse(key).status === 100 && !parse(key).preflight),
    );
    assert.equal(
      counts.assigned,
      total((key) => parse(key).status === 200 && !parse(key).preflight && !parse(key).hasBot),
    );

    // Compaction folds each key into one row and changes no total.
    await sql`SELECT compact_counts(1000)`.execute(db);
    assert.deepEqual(await rollup(projectId), counted);
    const { rows: left } = await sql<{ n: string }>`
      SELECT count(*) AS n FROM request_list_counts WHERE project_id = ${projectId}`.execute(db);
    assert.equal(Number(left[0]!.n), Object.keys(counted).length);
  });
});
