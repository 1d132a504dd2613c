import { sql, type Expression, type ExpressionBuilder, type Insertable, type SqlBool, type UpdateObject } from 'kysely';
import type { Database, LeadRow, LeadsTable } from '../../platform/db/tables.js';
import type { Connection } from '../../platform/db/unit-of-work.js';
import { prepared } from '../../platform/db/prepared.js';

export type LeadSortColumn =
  'created_at' | 'updated_at' | 'id' | 'lead_id' | 'fullname' | 'email' | 'company' | 'phone' | 'status';

export interface LeadFilters {
  /** Words that must all start a word of the lead's name, email, company, phone or note (none: no match). */
  words?: string[];
  email?: string;
  withEmail?: boolean;
  withFullname?: boolean;
  /** The lead must carry every one of these tags. */
  tags?: string[];
  status?: number;
  /** Leads with this status are left out (used when no exact status is asked). */
  excludedStatus?: number;
}

export interface LeadPage {
  sort: LeadSortColumn;
  descending: boolean;
  offset: number;
  limit: number;
}

function matching(projectId: string, filters: LeadFilters) {
  return (eb: ExpressionBuilder<Database, 'leads'>) => {
    const conditions: Expression<SqlBool>[] = [eb('project_id', '=', projectId)];
    if (filters.status !== undefined) conditions.push(eb('status', '=', filters.status));
    if (filters.excludedStatus !== undefined) conditions.push(eb('status', '<>', filters.excludedStatus));
    if (filters.words && filters.words.length === 0) conditions.push(sql<boolean>`false`);
    if (filters.words && filters.words.length > 0) {
      // Each word becomes a quoted prefix term, so user input never reaches the tsquery syntax.
      const query = filters.words.map((word) => `'${word.replace(/'/g, "''")}':*`).join(' & ');
      conditions.push(sql<boolean>`search @@ to_tsquery('simple', ${query})`);
    }
    if (filters.email !== undefined) conditions.push(sql<boolean>`lower(email) = lower(${filters.email})`);
    if (filters.withEmail) conditions.push(eb.and([eb('email', 'is not', null), eb('email', '<>', '')]));
    if (filters.withFullname) conditions.push(eb.and([eb('fullname', 'is not', null), eb('fullname', '<>', '')]));
    if (filters.tags && filters.tags.length > 0) {
      conditions.push(sql<boolean>`tags @> ${JSON.stringify(filters.tags)}::jsonb`);
    }
    return eb.and(conditions);
  };
}

/** Leads queries, bound to a connection: the ambient transaction, or the pool outside one. */
export function createLeadsRepo(connection: Connection) {
  /**
   * Creates the lead of a visitor, or refreshes its name/email when they changed: one lead per
   * (project, lead_id), race-free thanks to the unique index. `inserted` tells a creation from a
   * refresh (xmax is 0 only on a freshly inserted row version).
   */
  function upsertLeadByLeadId(row: Insertable<LeadsTable>) {
    const db = connection();
    return db
      .insertInto('leads')
      .values(row)
      .onConflict((oc) =>
        oc.columns(['project_id', 'lead_id']).doUpdateSet((eb) => ({
          fullname: eb.fn.coalesce(eb.ref('excluded.fullname'), eb.ref('leads.fullname')),
          email: eb.fn.coalesce(eb.ref('excluded.email'), eb.ref('leads.email')),
          updated_at: new Date(),
        })),
      )
      .returningAll()
      .returning(sql<boolean>`(xmax = 0)`.as('inserted'))
      .executeTakeFirstOrThrow();
  }

  /** Inserts a lead unless its lead_id is taken in the project (then undefined). */
  function insertLead(row: Insertable<LeadsTable>) {
    const db = connection();
    return db
      .insertInto('leads')
      .values(row)
      .onConflict((oc) => oc.columns(['project_id', 'lead_id']).doNothing())
      .returningAll()
      .executeTakeFirst();
  }

  function findLeadById(projectId: string, id: string) {
    const db = connection();
    return db
      .selectFrom('leads')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  function findLeadsByIds(projectId: string, ids: string[]) {
    const db = connection();
    if (ids.length === 0) return Promise.resolve([]);
    return prepared(
      db.selectFrom('leads').selectAll().where('project_id', '=', projectId).where('id', 'in', ids),
    ).execute();
  }

  function findLeadByLeadId(projectId: string, leadId: string) {
    const db = connection();
    return db
      .selectFrom('leads')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('lead_id', '=', leadId)
      .executeTakeFirst();
  }

  function updateLead(projectId: string, id: string, changes: UpdateObject<Database, 'leads'>) {
    const db = connection();
    return db
      .updateTable('leads')
      .set({ ...changes, updated_at: new Date() })
      .where('project_id', '=', projectId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  }

  /** Shallow-merges `patch` (JSON text) into a jsonb column, in one statement. */
  function mergeLeadObject(projectId: string, id: string, column: 'attributes' | 'properties', patch: string) {
    return updateLead(projectId, id, {
      [column]: sql<string>`coalesce(${sql.ref(column)}, '{}'::jsonb) || ${patch}::jsonb`,
    });
  }

  /**
   * Appends the tags the lead lacks, keeping their order. One statement, so two concurrent calls
   * cannot lose each other's tags.
   */
  function appendLeadTags(projectId: string, id: string, tags: string[]) {
    return updateLead(projectId, id, {
      tags: sql<string>`tags || coalesce((
      SELECT jsonb_agg(to_jsonb(t.tag) ORDER BY t.ord)
      FROM unnest(${tags}::text[]) WITH ORDINALITY AS t(tag, ord)
      WHERE NOT leads.tags @> jsonb_build_array(t.tag)
    ), '[]'::jsonb)`,
    });
  }

  function removeLeadTag(projectId: string, id: string, tag: string) {
    return updateLead(projectId, id, { tags: sql<string>`tags - ${tag}::text` });
  }

  function deleteLead(projectId: string, id: string) {
    const db = connection();
    return db
      .deleteFrom('leads')
      .where('project_id', '=', projectId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  }

  function listLeads(projectId: string, filters: LeadFilters, page: LeadPage): Promise<LeadRow[]> {
    const db = connection();
    const direction = page.descending ? 'desc' : 'asc';
    return db
      .selectFrom('leads')
      .selectAll()
      .where(matching(projectId, filters))
      .orderBy(page.sort, (ob) => (page.descending ? ob.desc() : ob.asc()).nullsLast())
      .orderBy('id', direction)
      .offset(page.offset)
      .limit(page.limit)
      .execute();
  }

  async function countLeads(projectId: string, filters: LeadFilters): Promise<number> {
    const db = connection();
    const row = await db
      .selectFrom('leads')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .where(matching(projectId, filters))
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  return {
    upsertLeadByLeadId,
    insertLead,
    findLeadById,
    findLeadsByIds,
    findLeadByLeadId,
    updateLead,
    mergeLeadObject,
    appendLeadTags,
    removeLeadTag,
    deleteLead,
    listLeads,
    countLeads,
  };
}
