import { sql, type Insertable } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import type { Trx } from '../../platform/events/event-bus.js';
import type { LeadsTable } from '../../platform/db/tables.js';

type Conn = Db | Trx;

/**
 * Creates the lead of a visitor, or refreshes its name/email when they changed: one lead per
 * (project, lead_id), race-free thanks to the unique index. `inserted` (xmax = 0 only on a row
 * this statement inserted) tells a new lead from a refreshed one.
 */
export function upsertLeadByLeadId(db: Conn, row: Insertable<LeadsTable>) {
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

export function findLeadsByIds(db: Conn, projectId: string, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('leads').selectAll().where('project_id', '=', projectId).where('id', 'in', ids).execute();
}

export function findLeadByLeadId(db: Conn, projectId: string, leadId: string) {
  return db
    .selectFrom('leads')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('lead_id', '=', leadId)
    .executeTakeFirst();
}
