/**
 * What the realtime area reads itself: the latest events of a project user, the snapshot of an
 * events topic. (The events area owns the table; this read moves to its service once it has one.)
 */
import type { Db } from '../../platform/db/database.js';

export function listRecentEvents(
  db: Db,
  projectId: string,
  filter: { projectUserId: string; name?: string; limit: number },
) {
  let query = db
    .selectFrom('events')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('project_user_id', '=', filter.projectUserId);
  if (filter.name !== undefined) query = query.where('name', '=', filter.name);
  return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(filter.limit).execute();
}
