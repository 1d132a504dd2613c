/**
 * The routing decision itself, without a database: routing.service.ts gathers its inputs under
 * the project's routing lock and calls this, so the rules can be read (and tested) in one place.
 *
 * - a department with a bot (not trashed): the bot, alone;
 * - `pooled`: nobody (the request waits, visible to the department's agents);
 * - otherwise one available agent, round robin in the team's order after the agent routing
 *   assigned last, skipping agents who abandoned this request; nobody when none is left.
 */
import type { BotRow, DepartmentRow, ProjectUserRow } from '../../platform/db/tables.js';

/** A team member as routing sees them (a ProjectUserView fits). */
interface Agent {
  row: Pick<ProjectUserRow, 'id' | 'user_id'>;
}

export interface RoutingInput {
  department: Pick<DepartmentRow, 'routing'>;
  /** The department's bot, when it has one and the caller did not ask for `nobot`. */
  bot?: Pick<BotRow, 'id' | 'trashed'>;
  /** Active team members in membership-creation order, the round-robin order. */
  team: Agent[];
  /** User ids of the department group's members, when the department has a group. */
  groupMembers?: ReadonlySet<string>;
  /**
   * Agents who can take a request now, in team order: availability, the department's group,
   * opening hours and chat limits already applied (`projects.availableAgents`).
   */
  available: Agent[];
  /** Membership ids of agents who abandoned this request. */
  abandonedBy?: readonly string[];
  /** User id of the agent routing assigned last in the project. */
  lastAssigned?: string;
}

export interface RoutingChoice {
  /** A user id, `bot_<id>` for a bot, or nobody. */
  participants: string[];
  /** User ids of every agent the department could route to (snapshot.agents: who may see it). */
  candidates: string[];
  /** Agents were available but every one of them had abandoned this request. */
  fullyAbandoned: boolean;
}

export function decideRouting(input: RoutingInput): RoutingChoice {
  const { department, bot, team, groupMembers, available } = input;
  const candidates = team
    .map((agent) => agent.row.user_id)
    .filter((id): id is string => id !== null && (!groupMembers || groupMembers.has(id)));
  const choice = { candidates, fullyAbandoned: false };

  // A department whose bot was deleted or trashed routes to humans rather than to nobody.
  if (bot && !bot.trashed) return { ...choice, participants: [`bot_${bot.id}`] };
  if (department.routing === 'pooled') return { ...choice, participants: [] };

  const abandoned = new Set(input.abandonedBy ?? []);
  const eligible = available.filter((agent) => !abandoned.has(agent.row.id));
  if (eligible.length === 0) return { ...choice, participants: [], fullyAbandoned: available.length > 0 };

  // Round robin in the team's order (membership creation), continuing after the last one picked.
  const order = new Map(team.map((agent, index) => [agent.row.user_id, index]));
  const lastIndex = input.lastAssigned !== undefined ? (order.get(input.lastAssigned) ?? -1) : -1;
  const next = eligible.find((agent) => (order.get(agent.row.user_id) ?? -1) > lastIndex) ?? eligible[0]!; // not empty (above)
  return { ...choice, participants: [next.row.user_id!] };
}
