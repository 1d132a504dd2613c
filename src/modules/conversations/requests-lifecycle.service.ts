/**
 * A request's life after creation: closing (transcript, duration, "Chat closed"), reopening,
 * and routing again (PUT /assign, /departments, /agent and the `\agent` handoff from a bot).
 */
import type { Emit } from '../../platform/events/event-bus.js';
import { errors } from '../../platform/errors.js';
import { json } from '../../platform/db/json.js';
import type { MessageRow, ProjectRow, RequestRow } from '../../platform/db/tables.js';
import { actorId } from '../../platform/auth/principal.js';
import { can, isVisitor } from '../../platform/auth/policies.js';
import { messageToWire } from './messages.schema.js';
import { departmentToWire } from '../departments/departments.schema.js';
import { participantColumns, type RequestsCore } from './requests.core.js';
import type { Caller } from './requests-create.js';
import { assignedToYou, chatClosed, chatReopened } from './system-messages.js';
import type { RequestWire } from './requests.schema.js';
import { REQUEST_STATUS } from '../../../web/shared/request-status.js';

/** One line per message: "<date as Tiledesk formats it, UTC> <sender name>: <text>". */
function transcriptOf(messages: MessageRow[]): string {
  return messages
    .map((m) => `${m.created_at.toLocaleString('it', { timeZone: 'UTC' })} ${m.sender_fullname ?? ''}: ${m.text ?? ''}`)
    .join('\r\n');
}

/** A past close time from `closed_at`: 422 unless it is a real date, not in the future. */
function closeTime(value: number | string): Date {
  const at = new Date(value);
  if (Number.isNaN(at.getTime()) || at.getTime() > Date.now()) {
    throw errors.invalid('closed_at must be a date (ms since 1970 or ISO 8601) that is not in the future.');
  }
  return at;
}

export interface RouteOptions {
  departmentId?: string;
  nobot?: boolean;
}

/** Who closed an idle conversation: Tiledesk's name for its scheduler. */
const IDLE_CLOSER = '_bot_unresponsive';

export function createRequestLifecycle(core: RequestsCore) {
  const { deps, routing } = core;
  const { transaction } = core.platform;

  /**
   * Closes a locked, open request; emits request.update, request.close (with messages), "Chat closed".
   * `at` (an imported conversation's end) dates the close, its duration and its "Chat closed" message.
   */
  async function closeLocked(
    emit: Emit,
    project: ProjectRow,
    request: RequestRow,
    closedBy: string,
    at?: Date,
    unattended = false,
  ) {
    const messages = await deps.messages.listForRequest(project.id, request.request_id);
    const closedAt = at ?? new Date();
    // A close dated by the caller records history (an import): no transcript email for it.
    const context = { ...(at && { historical: true }), ...(unattended && { unattended: true }) };
    const { row, wire } = await core.apply(
      emit,
      project,
      request.request_id,
      {
        status: REQUEST_STATUS.CLOSED,
        transcript: transcriptOf(messages),
        closed_at: closedAt,
        closed_by: closedBy,
        duration: closedAt.getTime() - request.created_at.getTime(),
        updated_at: closedAt,
      },
      [],
      context,
    );
    emit('request.close', project.id, { ...wire, messages: messages.map((m) => messageToWire(m)) }, context);
    await core.postMessage(emit, project, { ...chatClosed(row), createdAt: closedAt }, wire);
    return wire;
  }

  /**
   * Routes a request again, holding the project's routing lock. The request keeps its status
   * when closed; otherwise it is assigned (200), waits (100) or is abandoned by everyone (150).
   */
  async function routeLocked(
    emit: Emit,
    project: ProjectRow,
    request: RequestRow,
    options: RouteOptions,
  ): Promise<{ row: RequestRow; wire: RequestWire }> {
    const department = await routing.resolveDepartment(project.id, options.departmentId);
    const abandoned = Object.keys((request.attributes?.abandoned_by_project_users as object | undefined) ?? {});
    const decision = await routing.route(project, department, { nobot: options.nobot, abandonedBy: abandoned });
    const assigned = decision.participants.length > 0;
    const { CLOSED, ASSIGNED, ABANDONED, UNASSIGNED } = REQUEST_STATUS;
    const status =
      request.status === CLOSED ? CLOSED : assigned ? ASSIGNED : decision.fullyAbandoned ? ABANDONED : UNASSIGNED;
    const attributes = decision.fullyAbandoned ? { ...request.attributes, fully_abandoned: true } : undefined;
    const changes = {
      ...participantColumns(decision.participants),
      department_id: department.id,
      status,
      assigned_at: assigned ? new Date() : request.assigned_at,
      waiting_time: null,
      ...(attributes && { attributes: json(attributes) }),
      snapshot: json({
        ...request.snapshot,
        department: departmentToWire(department),
        availableAgentsCount: decision.availableAgentsCount,
        agents: decision.candidates.map((id) => ({ id_user: id })),
      }),
    };
    const result = await core.apply(emit, project, request.request_id, changes, [], { routed: true });
    await announceParticipants(emit, project, request, result.row, result.wire);
    return result;
  }

  /** request.participants.join/leave per member, and the "assigned to you" notice for new agents. */
  async function announceParticipants(
    emit: Emit,
    project: ProjectRow,
    before: RequestRow,
    after: RequestRow,
    wire: RequestWire,
  ) {
    const joined = after.participants.filter((p) => !before.participants.includes(p));
    const left = before.participants.filter((p) => !after.participants.includes(p));
    for (const member of joined) emit('request.participants.join', project.id, { member, request: wire });
    for (const member of left) emit('request.participants.leave', project.id, { member, request: wire });
    const notice = assignedToYou(after, joined);
    if (notice) await core.postMessage(emit, project, notice, wire);
  }

  return {
    closeLocked,
    routeLocked,
    announceParticipants,

    /**
     * PUT /close: agents must take part; a closed request is returned as is unless `force`.
     * `closedAt` may date the close in the past, not before the request began. From the widget
     * (PUT /closeg) a visitor closes only a conversation of their own; another's is not found.
     */
    close(
      project: ProjectRow,
      caller: Caller,
      requestId: string,
      options: { force: boolean; closedAt?: number | string },
    ): Promise<RequestWire> {
      const at = options.closedAt === undefined ? undefined : closeTime(options.closedAt);
      return transaction(async ({ emit }) => {
        const request = await core.mustFind(project.id, requestId, { forUpdate: true });
        if (isVisitor(caller)) {
          if (!can.closeAsVisitor(caller, request)) throw errors.notFound('request', requestId);
        } else if (!can.closeRequest(caller, request)) {
          throw errors.forbiddenError('You must be among the participants to close a conversation.');
        }
        if (request.status === REQUEST_STATUS.CLOSED && !options.force) return core.present(project, request);
        if (at && at < request.created_at) {
          throw errors.invalid(`closed_at is before the request began (${request.created_at.toISOString()}).`);
        }
        return closeLocked(emit, project, request, actorId(caller.principal), at);
      });
    },

    /**
     * The server closes a conversation nobody has touched since `idleSince` (auto-close), as
     * Tiledesk's scheduler does (`closed_by` "_bot_unresponsive"): under the row lock, so of
     * several instances sweeping at once one closes it and the others find it closed or touched.
     */
    closeIdle(project: ProjectRow, requestId: string, idleSince: Date): Promise<boolean> {
      return transaction(async ({ emit }) => {
        const request = await core.find(project.id, requestId, { forUpdate: true });
        if (!request || request.status === REQUEST_STATUS.CLOSED || request.updated_at > idleSince) return false;
        await closeLocked(emit, project, request, IDLE_CLOSER, undefined, true);
        return true;
      });
    },

    /** PUT /reopen: back to 200 with participants, else 100, with a "Chat reopened" notice. */
    reopen(project: ProjectRow, requestId: string): Promise<RequestWire> {
      return transaction(async ({ emit }) => {
        const request = await core.mustFind(project.id, requestId, { forUpdate: true });
        if (request.status !== REQUEST_STATUS.CLOSED) return core.present(project, request);
        const { row, wire } = await core.apply(emit, project, requestId, {
          status: request.participants.length > 0 ? REQUEST_STATUS.ASSIGNED : REQUEST_STATUS.UNASSIGNED,
        });
        await core.postMessage(emit, project, chatReopened(row), wire);
        return wire;
      });
    },

    /**
     * PUT /departments (always routes), PUT /assign (only while unassigned; otherwise the request
     * comes back as is, unpopulated, as Tiledesk does) and PUT /agent (handoff to a human in the
     * current or default department).
     */
    reroute(
      project: ProjectRow,
      requestId: string,
      mode: 'departments' | 'assign' | 'agent',
      options: RouteOptions & { populate: boolean },
    ): Promise<RequestWire> {
      return transaction(async ({ emit }) => {
        await deps.projects.lockForRouting(project.id);
        const request = await core.mustFind(project.id, requestId, { forUpdate: true });
        if (
          mode === 'assign' &&
          [REQUEST_STATUS.ASSIGNED, REQUEST_STATUS.SERVED, REQUEST_STATUS.CLOSED].includes(request.status)
        ) {
          return core.present(project, request, false);
        }
        const routeOptions =
          mode === 'agent' ? { departmentId: request.department_id ?? undefined, nobot: true } : options;
        const { row, wire } = await routeLocked(emit, project, request, routeOptions);
        return options.populate ? wire : core.present(project, row, false);
      });
    },
  };
}

export type RequestLifecycle = ReturnType<typeof createRequestLifecycle>;
