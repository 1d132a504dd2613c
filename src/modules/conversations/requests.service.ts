/**
 * Requests (conversations): creation and routing, listing, reading, editing, deletion, and the
 * lifecycle, participants, notes and tags parts built on the same core (see requests.core.ts).
 * Every lookup is by (project, request_id): a request id of another project is simply unknown.
 */
import type { Platform } from '../../platform/context.js';
import { errors } from '../../platform/errors.js';
import { json } from '../../platform/db/json.js';
import type { Attributes, ProjectRow, RequestRow, RequestUpdate } from '../../platform/db/tables.js';
import { can, isVisitor, requesterVisibility, visibilityOf, type Visibility } from '../../platform/auth/policies.js';
import { isTrue } from '../../platform/http/schemas.js';
import { toCsv } from '../../platform/http/csv.js';
import { createRequestsCore, type RequestsDeps } from './requests.core.js';
import { createRequestCreation, requestFieldsOf, type Caller } from './requests-create.js';
import { createRequestLifecycle } from './requests-lifecycle.service.js';
import { createRequestParticipants } from './requests-participants.service.js';
import { createRequestNotesAndTags, newTag } from './requests-notes-tags.service.js';
import type { CreateRequestInput, ListRequestsFilter, PatchRequestInput } from './requests-input.schema.js';
import {
  candidateAgentsOf,
  KNOWN_STATUSES,
  requestToInboxItem,
  requestToWire,
  withPreviews,
  type RequestPopulation,
  type RequestWire,
} from './requests.schema.js';
import { createRequestList, pageOf } from './requests.list.js';
import { checkTextLength } from './messages.service.js';
import { requestFor, requestToVisitorWire } from './requests-visitor.js';
import { createRequestsRepo, type CountFilter } from './requests.repo.js';
import { REQUEST_STATUS } from '../../../web/shared/request-status.js';

export type { Caller } from './requests-create.js';
export type RequestsService = ReturnType<typeof createRequestsService>;

const CSV_COLUMNS = [
  '_id',
  'request_id',
  'ticket_id',
  'createdAt',
  'updatedAt',
  'closed_at',
  'status',
  'first_text',
  'subject',
  'department_name',
  'lead_fullname',
  'lead_email',
  'channel_name',
  'participants',
  'hasBot',
  'tags',
  'priority',
  'rating',
  'rating_message',
  'duration',
  'waiting_time',
  'first_response_at',
  'sourcePage',
  'language',
  'createdBy',
];

/** Open in the inbox's sense: above temporary, below closed, not abandoned (statuses are a closed set). */
const OPEN_STATUSES = [REQUEST_STATUS.UNASSIGNED, REQUEST_STATUS.ASSIGNED, REQUEST_STATUS.SERVED].join(',');

/** A request's lookup started before its caller's guards ran (GET /:request_id's `readAhead`). */
export interface RequestReadAhead {
  projectId: string;
  /** Rejects with the 404 when there is no such request. */
  row: Promise<RequestRow>;
}

export function createRequestsService(platform: Platform, deps: RequestsDeps) {
  const repo = createRequestsRepo(platform.connection);
  const { listRequests } = createRequestList(platform.connection);
  const { transaction } = platform;
  const core = createRequestsCore(platform, deps);
  const creation = createRequestCreation(core);
  const lifecycle = createRequestLifecycle(core);

  /** A page of requests, texts previewed. */
  async function list(project: ProjectRow, filter: ListRequestsFilter, visibility: Visibility, me = false) {
    const page = pageOf(filter);
    const listing = listRequests(project.id, filter, {
      visibility,
      defaultStatus: me ? 'notClosed' : 'open',
      page,
      count: !isTrue(filter.no_count),
    });
    const [presented, count] = await Promise.all([
      listing.rows.then((rows) => core.presentMany(project, rows, !isTrue(filter.no_populate))),
      listing.count,
    ]);
    return { perPage: page.limit, count, requests: presented.map(withPreviews) };
  }

  return {
    ...lifecycle,
    ...createRequestParticipants(core, creation, lifecycle),
    ...createRequestNotesAndTags(core),
    core,
    creation,

    /** POST /requests: creates and routes a request (no message); answers it unpopulated. */
    createRequest(project: ProjectRow, caller: Caller, body: CreateRequestInput): Promise<RequestWire> {
      checkTextLength(body.first_text, platform.config.messageMaxTextLength, 'first_text');
      return transaction(async ({ emit }) => {
        const requester = await creation.resolveRequester(project, caller, body, 'caller');
        const { row } = await creation.create(emit, project, {
          ...requestFieldsOf(body),
          requestId: body.request_id,
          firstText: body.first_text,
          createdBy: caller.principal.id,
          requester,
        });
        return requestToWire(row);
      });
    },

    async get(project: ProjectRow, requestId: string): Promise<RequestWire> {
      return core.present(project, await core.mustFind(project.id, requestId));
    },

    /**
     * GET /:request_id: the request, in the visitor view for an end user; from the lookup that
     * `readAhead` (below) started before the guards ran, when the route started one.
     */
    async getFor(project: ProjectRow, caller: Caller, requestId: string, readAhead?: RequestReadAhead) {
      const row = await (readAhead?.projectId === project.id ? readAhead.row : core.mustFind(project.id, requestId));
      return requestFor(caller, await core.present(project, row));
    },

    /** Starts reading a request before its caller is authorized (only getFor receives the result). */
    readAhead(projectId: string, requestId: string): RequestReadAhead {
      const row = core.mustFind(projectId, requestId);
      row.catch(() => {}); // awaited by getFor if the guards pass (a 404 then); dropped otherwise
      return { projectId, row };
    },

    /**
     * Whether the caller may follow a request live: visitors their own, the team those GET
     * /requests lists for them. Unknown ids (another project's included) are not followable.
     */
    async canFollow(project: ProjectRow, caller: Caller, requestId: string): Promise<boolean> {
      const row = await core.find(project.id, requestId);
      if (!row) return false;
      return can.followRequest(caller, row, candidateAgentsOf(row));
    },

    /**
     * The realtime inbox (reference §6): open requests (50 < status < 1000, not abandoned, not
     * preflight, not draft) the caller sees, most recently updated first, at most `limit`.
     */
    async inbox(project: ProjectRow, caller: Caller, limit: number) {
      const rows = await listRequests(
        project.id,
        { status: OPEN_STATUSES, draft: 'false', sort: 'updatedAt', direction: 'desc' },
        { visibility: visibilityOf(caller), defaultStatus: 'open', page: { limit, offset: 0 }, count: false },
      ).rows;
      const wires = await core.presentMany(project, rows, true);
      return wires.map((wire, i) => requestToInboxItem(wire, candidateAgentsOf(rows[i]!))); // one wire per row
    },

    list: (project: ProjectRow, caller: Caller, filter: ListRequestsFilter) =>
      list(project, filter, visibilityOf(caller, isTrue(filter.mine))),

    /** GET /requests/me: the requests the caller asked for; in the visitor view for an end user. */
    async listMine(project: ProjectRow, caller: Caller, filter: ListRequestsFilter) {
      const page = await list(project, filter, requesterVisibility(caller), true);
      return isVisitor(caller) ? { ...page, requests: page.requests.map(requestToVisitorWire) } : page;
    },

    async csv(project: ProjectRow, caller: Caller, filter: ListRequestsFilter): Promise<string> {
      const rows = await listRequests(project.id, filter, {
        visibility: visibilityOf(caller, isTrue(filter.mine)),
        defaultStatus: 'any',
        ascendingByDefault: true,
        page: { limit: 100_000, offset: (filter.page ?? 0) * 100_000 },
        count: false,
      }).rows;
      // Populated a slice at a time: each lookup takes its ids as bind parameters, which are limited.
      const population: RequestPopulation[] = [];
      for (let i = 0; i < rows.length; i += 1000)
        population.push(...(await core.populate(project, rows.slice(i, i + 1000))));
      const records = rows.map((row, i) => ({
        ...requestToWire(row),
        department_name: population[i]?.department?.name,
        lead_fullname: population[i]?.lead?.fullname,
        lead_email: population[i]?.lead?.email,
        channel_name: row.channel?.name,
        participants: row.participants.join(', '),
        tags: (row.tags ?? []).map((t) => t.tag).join(', '),
      }));
      return toCsv(CSV_COLUMNS, records);
    },

    /** GET /requests/count: the three shapes of the reference (quota slot = the current month). */
    async count(project: ProjectRow, query: { merge_assigned?: string; conversation_quota?: unknown }) {
      const count = (filter: CountFilter) => repo.countRequests(project.id, filter);
      if (isTrue(query.conversation_quota)) {
        const now = new Date();
        const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
        const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
        const slot = { createdFrom: start, createdBefore: next };
        const format = (d: Date) => d.toISOString().slice(0, 10).split('-').reverse().join('/');
        return {
          open: await count({ status: { below: REQUEST_STATUS.CLOSED }, ...slot }),
          closed: await count({ status: { in: [REQUEST_STATUS.CLOSED] }, ...slot }),
          slot: { startDate: format(start), endDate: format(new Date(next.getTime() - 86_400_000)) },
        };
      }
      const { unassigned, assigned, botAssigned } = await repo.countAssignments(project.id);
      return query.merge_assigned
        ? { unassigned, assigned: assigned + botAssigned }
        : { unassigned, assigned, bot_assigned: botAssigned };
    },

    /** PATCH /:request_id: Tiledesk's allow-list, nothing else. */
    async patch(project: ProjectRow, requestId: string, input: PatchRequestInput): Promise<RequestWire> {
      checkTextLength(input.first_text, platform.config.messageMaxTextLength, 'first_text');
      if (input.status !== undefined && !KNOWN_STATUSES.includes(input.status)) {
        throw errors.invalid(`status must be one of ${KNOWN_STATUSES.join(', ')}`);
      }
      if (input.lead && (await deps.leads.findByIds(project.id, [input.lead])).length === 0) {
        throw errors.invalid(`Lead not found in this project: ${input.lead}`);
      }
      return transaction(async ({ emit }) => {
        const request = await core.mustFind(project.id, requestId, { forUpdate: true });
        const changes: RequestUpdate = {
          ...(input.lead !== undefined && { lead_id: input.lead }),
          ...(input.status !== undefined && { status: input.status }),
          ...(input.tags !== undefined && { tags: json(input.tags.map(newTag)) }),
          ...(input.rating !== undefined && { rating: input.rating }),
          ...(input.rating_message !== undefined && { rating_message: input.rating_message }),
          ...(input.sourcePage !== undefined && { source_page: input.sourcePage }),
          ...(input.language !== undefined && { language: input.language }),
          ...(input.first_text !== undefined && { first_text: input.first_text }),
          ...(input.subject !== undefined && { subject: input.subject }),
          ...(input.location !== undefined && { location: json(input.location) }),
          ...(input.priority !== undefined && { priority: input.priority }),
          ...(input.smartAssignment !== undefined && { smart_assignment: input.smartAssignment }),
          ...(input.workingStatus !== undefined && { working_status: input.workingStatus }),
          ...(input.channelName !== undefined && { channel: json({ ...request.channel, name: input.channelName }) }),
        };
        return (await core.apply(emit, project, requestId, changes)).wire;
      });
    },

    /** PATCH /:request_id/attributes: merges the body's keys into the attributes. */
    mergeAttributes(project: ProjectRow, requestId: string, data: Attributes): Promise<RequestWire> {
      return transaction(async ({ emit }) => {
        const request = await core.mustFind(project.id, requestId, { forUpdate: true });
        const attributes = { ...request.attributes, ...data };
        return (await core.apply(emit, project, requestId, { attributes: json(attributes) })).wire;
      });
    },

    /** PATCH /:request_id/rating: a visitor rates their own request; bots and subscriptions any of the project. */
    rate(project: ProjectRow, caller: Caller, requestId: string, input: { rating?: number; rating_message?: string }) {
      return transaction(async ({ emit }) => {
        const request = await core.mustFind(project.id, requestId, { forUpdate: true });
        // Another visitor's conversation is as good as missing.
        if (!can.rateRequest(caller, request)) throw errors.notFound('request', requestId);
        const changes: RequestUpdate = {
          ...(input.rating !== undefined && { rating: input.rating }),
          ...(input.rating_message !== undefined && { rating_message: input.rating_message }),
        };
        return requestFor(caller, (await core.apply(emit, project, requestId, changes)).wire);
      });
    },

    /** DELETE /:request_id or /id/:id (owner only): the request and its messages. */
    remove(project: ProjectRow, caller: Caller, by: { requestId: string } | { id: string }): Promise<RequestWire> {
      if (!can.deleteRequest(caller)) return Promise.reject(errors.forbidden('Unauthorized.'));
      return transaction(async ({ emit }) => {
        const request = await repo.deleteRequest(project.id, by);
        if (!request) throw errors.notFound('request', 'requestId' in by ? by.requestId : by.id);
        await deps.messages.deleteForRequest(project.id, request.request_id);
        const wire = requestToWire(request);
        emit('request.delete', project.id, wire);
        await core.announceLoad(emit, project, request, undefined);
        return wire;
      });
    },
  };
}
