/**
 * The unit of work (src/platform/db/unit-of-work.ts) and the event log it writes: queries inside a
 * transaction run on it without being handed a connection, a nested transaction joins the outer
 * one, events are logged atomically with the change, and nothing of a rolled-back change remains.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { newTenant } from './helpers/factories.js';
import { createRequest } from './helpers/conversations.js';

async function loggedEvents(t: TestApp, projectId: string) {
  return t.context
    .connection()
    .selectFrom('event_log')
    .select(['name', 'payload'])
    .where('project_id', '=', projectId)
    .orderBy('id')
    .execute();
}

/** The backend process of the connection a query runs on: the same inside one transaction. */
async function backendPid(t: TestApp): Promise<number> {
  const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(t.context.connection());
  return rows[0]!.pid;
}

describe('unit of work', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  it('runs every query inside a transaction on that transaction, nested ones included', async () => {
    const { transaction } = t.context;
    await transaction(async () => {
      // A row written in the transaction is visible to a later query that was given no connection
      // (it would not be on another connection, and would wait forever on single-connection PGlite).
      await sql`create temporary table uow_probe (n int) on commit drop`.execute(t.context.connection());
      await sql`insert into uow_probe values (1)`.execute(t.context.connection());
      const outerPid = await backendPid(t);
      await transaction(async () => {
        const { rows } = await sql<{ n: number }>`select n from uow_probe`.execute(t.context.connection());
        assert.deepEqual(rows, [{ n: 1 }]);
        assert.equal(await backendPid(t), outerPid);
      });
    });
  });

  it('appends emitted events to the event log in the same transaction, and drops them on rollback', async () => {
    const tenant = await newTenant(t);
    const { transaction } = t.context;
    await transaction(async ({ emit }) => {
      emit('group.create', tenant.projectId, { name: 'kept' });
      // A nested unit of work emits into the outer one: one commit, one log.
      await transaction(async (inner) => inner.emit('group.update', tenant.projectId, { name: 'kept too' }));
    });
    await assert.rejects(
      transaction(async ({ emit }) => {
        emit('group.create', tenant.projectId, { name: 'rolled back' });
        throw new Error('work failed');
      }),
      /work failed/,
    );
    const logged = await loggedEvents(t, tenant.projectId);
    assert.deepEqual(
      logged.filter((event) => event.name.startsWith('group.')),
      [
        { name: 'group.create', payload: { name: 'kept' } },
        { name: 'group.update', payload: { name: 'kept too' } },
      ],
    );
  });

  it('logs what the API changes, in order, with the wire payload', async () => {
    const tenant = await newTenant(t);
    const request = await createRequest(t, tenant);
    const posted = await t.http('POST', `/${tenant.projectId}/requests/${request.request_id}/messages`, {
      headers: tenant.owner.basic,
      body: { text: 'hello' },
    });
    assert.equal(posted.status, 200, posted.text);
    const names = (await loggedEvents(t, tenant.projectId)).map((event) => event.name);
    assert.ok(names.includes('request.create'), names.join(','));
    assert.ok(names.indexOf('request.create') < names.indexOf('message.create'), names.join(','));
    const created = (await loggedEvents(t, tenant.projectId)).find((event) => event.name === 'request.create');
    assert.equal((created?.payload as { request_id?: string }).request_id, request.request_id);
  });

  it('sends a query made after its transaction ended to the pool, not to the finished transaction', async () => {
    const { transaction } = t.context;
    let leftover: Promise<number> | undefined;
    await transaction(async () => {
      // Work started inside the transaction but run after it committed (a fire-and-forget).
      leftover = new Promise((resolve) => setTimeout(resolve, 50)).then(() => backendPid(t));
    });
    assert.equal(typeof (await leftover), 'number');
  });
});
