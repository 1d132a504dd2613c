/**
 * What every part of the requests area shares: lookups scoped to the project, the presenter
 * with population, the write-then-publish step (request.update after commit) and system messages.
 * The service files (create, lifecycle, participants, notes and tags) are built on it.
 */
import type { Platform } from '../../platform/context.js';
import type { Emit, EventContext } from '../../platform/events/event-bus.js';
import { errors } from '../../platform/errors.js';
import type { ProjectRow, RequestRow, RequestUpdate } from '../../platform/db/tables.js';
import { isOpenAssignment, LOAD_COLUMNS } from '../../platform/agent-load.js';
import type { MessagesService, NewMessage } from './messages.service.js';
import { messageToWire } from './messages.schema.js';
import type { ProjectsService } from '../projects/projects.service.js';
import type { GroupsService } from '../groups/groups.service.js';
import { createPopulator, type PopulateDeps } from './requests.populate.js';
import { createRoutingService } from './routing.service.js';
import { projectUserToWire } from '../project-users/project-users.schema.js';
import { candidateAgentsOf, requestToWire, type RequestWire } from './requests.schema.js';
import { createRequestsRepo } from './requests.repo.js';

export interface RequestsDeps extends PopulateDeps {
  projects: ProjectsService;
  groups: GroupsService;
  messages: MessagesService;
}

/** participants -> the derived columns: bots are `bot_<id>` there and bare ids in participants_bots. */
export function participantColumns(participants: string[]) {
  const unique = [...new Set(participants)];
  const bots = unique.filter((p) => p.startsWith('bot_')).map((p) => p.slice(4));
  return {
    participants: unique,
    participants_agents: unique.filter((p) => !p.startsWith('bot_')),
    participants_bots: bots,
    has_bot: bots.length > 0,
  };
}

/**
 * The agents whose `number_assigned_requests` differs between two states of a request (none: not
 * there): the agent-load rule, whose SQL twin counts what the announced memberships show.
 */
function loadChanges(before: RequestRow | undefined, after: RequestRow | undefined): string[] {
  const counted = (row: RequestRow | undefined) => (row && isOpenAssignment(row) ? row.participants_agents : []);
  const was = counted(before);
  const is = counted(after);
  return [...new Set([...was.filter((a) => !is.includes(a)), ...is.filter((a) => !was.includes(a))])];
}

export function createRequestsCore(platform: Platform, deps: RequestsDeps) {
  const repo = createRequestsRepo(platform.connection);
  const populate = createPopulator(deps);
  const routing = createRoutingService(platform.connection, deps);

  async function present(project: ProjectRow, row: RequestRow, populated = true): Promise<RequestWire> {
    return populated ? requestToWire(row, (await populate(project, [row]))[0]) : requestToWire(row);
  }

  async function mustFind(
    projectId: string,
    requestId: string,
    options: { forUpdate?: boolean } = {},
  ): Promise<RequestRow> {
    const row = await repo.findRequest(projectId, requestId, options);
    if (!row) throw errors.notFound('request', requestId);
    return row;
  }

  /** Stores a message in the conversation and announces it (message.create embeds the request). */
  async function postMessage(emit: Emit, project: ProjectRow, message: NewMessage, request: RequestWire) {
    const row = await deps.messages.add(project.id, message);
    emit('message.create', project.id, messageToWire(row, request));
    return row;
  }

  /**
   * Announces `project_user.update` for every agent whose load a change moved (assigned, closed,
   * reopened, handed over, deleted), in the same transaction, so dashboards see
   * `number_assigned_requests` and `isBusy` change.
   */
  async function announceLoad(
    emit: Emit,
    project: ProjectRow,
    before: RequestRow | undefined,
    after: RequestRow | undefined,
  ): Promise<void> {
    const agents = loadChanges(before, after);
    if (agents.length === 0) return;
    for (const view of await deps.projectUsers.findTeamViewsByUsers(project.id, agents)) {
      emit('project_user.update', project.id, projectUserToWire(project, view));
    }
  }

  return {
    platform,
    deps,
    routing,
    populate,
    present,
    mustFind,
    postMessage,
    announceLoad,

    find: (projectId: string, requestId: string, options: { forUpdate?: boolean } = {}) =>
      repo.findRequest(projectId, requestId, options),

    /** Writes changes without announcing them (a message's bookkeeping on its request). */
    async store(projectId: string, requestId: string, changes: RequestUpdate): Promise<RequestRow> {
      const row = await repo.updateRequest(projectId, requestId, changes);
      if (!row) throw errors.notFound('request', requestId);
      return row;
    },

    /** The project of a request id, for the public transcript (request ids are unique across projects). */
    projectOf: (requestId: string) => repo.findProjectOfRequest(requestId),

    async presentMany(project: ProjectRow, rows: RequestRow[], populated: boolean) {
      if (!populated) return rows.map((row) => requestToWire(row));
      const population = await populate(project, rows);
      return rows.map((row, i) => requestToWire(row, population[i]));
    },

    /**
     * Writes changes to a request and announces them after commit: `request.update` plus any
     * further event names. Returns the stored row and its populated wire form.
     */
    async apply(
      emit: Emit,
      project: ProjectRow,
      requestId: string,
      changes: RequestUpdate,
      extraEvents: string[] = [],
      context: Omit<EventContext, 'candidateAgents'> = {},
    ): Promise<{ row: RequestRow; wire: RequestWire }> {
      const movesLoad = LOAD_COLUMNS.some((column) => changes[column] !== undefined);
      const before = movesLoad ? await repo.findRequest(project.id, requestId) : undefined;
      const row = await repo.updateRequest(project.id, requestId, changes);
      if (!row) throw errors.notFound('request', requestId);
      const wire = await present(project, row);
      emit('request.update', project.id, wire, { ...context, candidateAgents: candidateAgentsOf(row) });
      for (const name of extraEvents) emit(name, project.id, wire, context);
      if (movesLoad) await announceLoad(emit, project, before, row);
      return { row, wire };
    },
  };
}

export type RequestsCore = ReturnType<typeof createRequestsCore>;
