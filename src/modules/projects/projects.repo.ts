import { sql, type Insertable, type Updateable } from 'kysely';
import type { ProjectsTable } from '../../platform/db/tables.js';
import type { Connection } from '../../platform/db/unit-of-work.js';
import { activeTeamMember } from '../../platform/auth/team-member.js';

/** Projects queries, bound to a connection: the ambient transaction, or the pool outside one. */
export function createProjectsRepo(connection: Connection) {
  function insertProject(row: Insertable<ProjectsTable>) {
    const db = connection();
    return db.insertInto('projects').values(row).returningAll().executeTakeFirstOrThrow();
  }

  function findProjectById(id: string) {
    const db = connection();
    return db.selectFrom('projects').selectAll().where('id', '=', id).where('status', '=', 100).executeTakeFirst();
  }

  function updateProject(id: string, changes: Updateable<ProjectsTable>) {
    const db = connection();
    return db
      .updateTable('projects')
      .set({ ...changes, updated_at: new Date() })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  }

  function deleteProject(id: string) {
    const db = connection();
    return db.deleteFrom('projects').where('id', '=', id).returningAll().executeTakeFirst();
  }

  /** The caller's active team memberships (their projects are loaded separately). */
  function listTeamMembershipsOfUser(userId: string) {
    const db = connection();
    return db.selectFrom('project_users').selectAll().where('user_id', '=', userId).where(activeTeamMember).execute();
  }

  function findProjectsByIds(ids: string[]) {
    const db = connection();
    if (ids.length === 0) return Promise.resolve([]);
    return db.selectFrom('projects').selectAll().where('id', 'in', ids).where('status', '=', 100).execute();
  }

  /** Hands out the next ticket number of a project (atomic under concurrency). */
  async function nextTicketId(projectId: string): Promise<number> {
    const db = connection();
    const row = await db
      .updateTable('projects')
      .set({ ticket_seq: sql`ticket_seq + 1` })
      .where('id', '=', projectId)
      .returning('ticket_seq')
      .executeTakeFirstOrThrow();
    return row.ticket_seq;
  }

  /** Takes the project row lock (the one nextTicketId takes) until the transaction ends. */
  async function lockProject(projectId: string): Promise<void> {
    const db = connection();
    await db.selectFrom('projects').select('id').where('id', '=', projectId).forUpdate().execute();
  }

  /**
   * Shallow-merges `patch` (JSON text of an object) into the attributes, in one statement; nothing
   * changes (undefined) when the result would exceed `maxBytes` of JSON (0: no limit).
   */
  function mergeAttributes(id: string, patch: string, maxBytes: number) {
    const db = connection();
    const merged = sql<string>`coalesce(attributes, '{}'::jsonb) || ${patch}::jsonb`;
    let query = db
      .updateTable('projects')
      .set({ attributes: merged, updated_at: new Date() })
      .where('id', '=', id)
      .where('status', '=', 100);
    if (maxBytes > 0) query = query.where(sql<boolean>`octet_length((${merged})::text) <= ${maxBytes}`);
    return query.returningAll().executeTakeFirst();
  }

  /**
   * Appends a ban (JSON text of one entry) unless the user is already banned or the list holds
   * `max` entries: undefined then, and nothing changes.
   */
  function appendBan(id: string, userId: string, entry: string, max: number) {
    const db = connection();
    return db
      .updateTable('projects')
      .set({ banned_users: sql<string>`banned_users || jsonb_build_array(${entry}::jsonb)`, updated_at: new Date() })
      .where('id', '=', id)
      .where('status', '=', 100)
      .where(sql<boolean>`jsonb_array_length(banned_users) < ${max}`)
      .where(sql<boolean>`NOT banned_users @> jsonb_build_array(jsonb_build_object('id', ${userId}::text))`)
      .returningAll()
      .executeTakeFirst();
  }

  /** Removes the ban whose `_id` is `banId`; undefined when the project has none such. */
  function removeBan(id: string, banId: string) {
    const db = connection();
    return db
      .updateTable('projects')
      .set({
        banned_users: sql<string>`(
          SELECT coalesce(jsonb_agg(entry ORDER BY position), '[]'::jsonb)
          FROM jsonb_array_elements(banned_users) WITH ORDINALITY AS t(entry, position)
          WHERE entry->>'_id' IS DISTINCT FROM ${banId}::text)`,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .where('status', '=', 100)
      .where(sql<boolean>`banned_users @> jsonb_build_array(jsonb_build_object('_id', ${banId}::text))`)
      .returningAll()
      .executeTakeFirst();
  }

  /** Every project of the server (deleted ones too), newest first, with its first owner's email. */
  function listAllProjects(page: { offset: number; limit: number }) {
    const db = connection();
    return db
      .selectFrom('projects as p')
      .select([
        'p.id',
        'p.name',
        'p.created_at',
        sql<string | null>`p.profile->>'name'`.as('profile_name'),
        (eb) =>
          eb
            .selectFrom('project_users as pu')
            .innerJoin('users as u', 'u.id', 'pu.user_id')
            .select('u.email')
            .whereRef('pu.project_id', '=', 'p.id')
            .where('pu.role', '=', 'owner')
            .orderBy('pu.created_at')
            .limit(1)
            .as('owner'),
      ])
      .orderBy('p.created_at', 'desc')
      .orderBy('p.id', 'desc')
      .offset(page.offset)
      .limit(page.limit)
      .execute();
  }

  return {
    mergeAttributes,
    appendBan,
    removeBan,
    listAllProjects,
    insertProject,
    findProjectById,
    updateProject,
    deleteProject,
    listTeamMembershipsOfUser,
    findProjectsByIds,
    nextTicketId,
    lockProject,
  };
}
