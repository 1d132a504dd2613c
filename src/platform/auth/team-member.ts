/**
 * The one "active team member" rule: a membership of the team (role type agents, so never an end
 * user), active (not disabled) and not removed (trashed). Who may be routed to, invited to a group,
 * see a project's team pages or count as its agent follows this rule, once in SQL and once in
 * TypeScript, side by side so they cannot drift.
 */
import type { ExpressionBuilder } from 'kysely';
import type { Database, ProjectUserRow } from '../db/tables.js';
import { ROLE_TYPE_AGENTS } from './roles.js';

/** SQL twin of isActiveTeamMember, for `.where(activeTeamMember)` on `project_users`. */
export function activeTeamMember(eb: ExpressionBuilder<Database, 'project_users'>) {
  return eb.and([
    eb('project_users.role_type', '=', ROLE_TYPE_AGENTS),
    eb('project_users.status', '=', 'active'),
    eb('project_users.trashed', '=', false),
  ]);
}

export function isActiveTeamMember(
  member: Pick<ProjectUserRow, 'role_type' | 'status' | 'trashed'> | undefined,
): member is Pick<ProjectUserRow, 'role_type' | 'status' | 'trashed'> {
  return !!member && member.role_type === ROLE_TYPE_AGENTS && member.status === 'active' && !member.trashed;
}
