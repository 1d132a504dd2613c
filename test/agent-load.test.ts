// The agent-load rule (src/platform/agent-load.ts) exists twice, as SQL and in TypeScript: every
// combination of the columns it reads must get the same answer from both, on both databases.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isOpenAssignment, openAssignment } from '../src/platform/agent-load.js';
import { newObjectId } from '../src/platform/ids.js';
import { REQUEST_STATUS } from '../web/shared/request-status.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { newTenant } from './helpers/factories.js';

describe('agent load', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  it('counts the same requests in SQL and in TypeScript', async () => {
    const { projectId } = await newTenant(t);
    const rows = Object.values(REQUEST_STATUS).flatMap((status) =>
      [false, true].flatMap((draft) =>
        [null, 'pending', 'open'].map((working_status) => ({ status, draft, working_status, id: newObjectId() })),
      ),
    );
    const db = t.database.db;
    await db
      .insertInto('requests')
      .values(
        rows.map((row) => ({
          id: row.id,
          project_id: projectId,
          request_id: `support-group-${projectId}-${row.id}`,
          first_text: 'load',
          status: row.status,
          draft: row.draft,
          working_status: row.working_status,
          participants_agents: ['agent'],
        })),
      )
      .execute();
    const inSql = await db
      .selectFrom('requests')
      .select('id')
      .where('project_id', '=', projectId)
      .where(openAssignment)
      .execute();
    const expected = rows.filter(isOpenAssignment).map((row) => row.id);
    assert.deepEqual(inSql.map((row) => row.id).sort(), expected.sort());
    // Open, not a draft, not pending: statuses below closed, each with two working statuses.
    assert.equal(expected.length, (Object.values(REQUEST_STATUS).length - 1) * 2);
  });
});
