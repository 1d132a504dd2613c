/** The columns of the activities export, Tiledesk's (`/activities/csv`), in its order. */
import type { ActivityWire } from './activities.schema.js';

export const CSV_COLUMNS = [
  'message',
  'activity_id',
  'createdAt',
  'updatedAt',
  'project_id',
  'actor_name',
  'actor_id',
  'actor_type',
  'verb',
  'target_user_fullname',
  'target_email',
  'target_type',
  'target_user_id',
  'actionObj_email',
  'actionObj_id_project',
  'actionObj_project_name',
  'actionObj_role',
  'actionObj_user_available',
  'target_id',
  'target_createdAt',
  'target_createdBy',
  'target_role',
  'target_user_available',
] as const;

export function csvRowOf(activity: ActivityWire): unknown[] {
  const action = activity.actionObj ?? {};
  const object = activity.target.object ?? {};
  const user = (object.id_user ?? undefined) as Record<string, unknown> | undefined;
  const fullname = user ? [user.firstname, user.lastname].filter((part) => typeof part === 'string').join(' ') : '';
  const row: Record<(typeof CSV_COLUMNS)[number], unknown> = {
    message: activity.message ?? '',
    activity_id: activity._id,
    createdAt: activity.createdAt,
    updatedAt: activity.updatedAt,
    project_id: activity.id_project,
    actor_name: activity.actor.name,
    actor_id: activity.actor.id,
    actor_type: activity.actor.type,
    verb: activity.verb,
    target_user_fullname: fullname,
    target_email: object.email ?? user?.email ?? '',
    target_type: activity.target.type,
    target_user_id: user?._id ?? '',
    actionObj_email: action.email ?? '',
    actionObj_id_project: action.id_project ?? '',
    actionObj_project_name: action.project_name ?? '',
    actionObj_role: action.role ?? '',
    actionObj_user_available: action.user_available ?? '',
    target_id: activity.target.id,
    target_createdAt: object.createdAt,
    target_createdBy: object.createdBy,
    target_role: object.role,
    target_user_available: object.user_available,
  };
  return CSV_COLUMNS.map((column) => row[column]);
}
