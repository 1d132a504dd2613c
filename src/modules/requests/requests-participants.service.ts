/**
 * Who takes part in a request (participants: agents by user id, bots as `bot_<id>`) and who
 * follows it (followers: project_user ids). A closed request stays closed whatever changes.
 */
import type { Trx } from '../../platform/events/event-bus.js';
import type { ProjectRow, RequestRow, RequestUpdate } from '../../platform/db/tables.js';
import { json } from '../../platform/db/json.js';
import { participantColumns, type RequestsCore } from './requests.core.js';
import type { RequestCreation } from './requests-create.js';
import type { RequestLifecycle } from './requests-lifecycle.service.js';
import type { RequestWire } from './requests.schema.js';

export function createRequestParticipants(core: RequestsCore, creation: RequestCreation, lifecycle: RequestLifecycle) {
  const { deps } = core;
  const { events } = core.platform;

  function statusWith(request: RequestRow, participants: string[]): number {
    if (request.status === 1000) return 1000;
    return participants.length > 0 ? 200 : 100;
  }

  /** Locks the request, computes the new participants, stores and announces them. */
  function changeParticipants(
    project: ProjectRow,
    requestId: string,
    compute: (trx: Trx, request: RequestRow) => Promise<{ participants: string[]; extra?: RequestUpdate } | undefined>,
  ): Promise<RequestWire> {
    return events.transaction(async (trx, emit) => {
      const request = await core.mustFind(trx, project.id, requestId, { forUpdate: true });
      const change = await compute(trx, request);
      if (!change) return core.present(trx, project, request);
      const { row, wire } = await core.apply(trx, emit, project, requestId, {
        ...participantColumns(change.participants),
        status: statusWith(request, change.participants),
        assigned_at: request.assigned_at ?? (change.participants.length > 0 ? new Date() : null),
        ...change.extra,
      });
      await lifecycle.announceParticipants(trx, emit, project, request, row, wire);
      return wire;
    });
  }

  function changeFollowers(
    project: ProjectRow,
    requestId: string,
    compute: (trx: Trx, followers: string[]) => Promise<string[]>,
  ): Promise<RequestWire> {
    return events.transaction(async (trx, emit) => {
      const request = await core.mustFind(trx, project.id, requestId, { forUpdate: true });
      const followers = [...new Set(await compute(trx, request.followers))];
      return (await core.apply(trx, emit, project, requestId, { followers })).wire;
    });
  }

  return {
    /** POST /participants: a human joining a bot-served request replaces the bot (Tiledesk's concierge). */
    addParticipant(project: ProjectRow, requestId: string, member: string) {
      return changeParticipants(project, requestId, async (trx, request) => {
        await creation.checkParticipants(trx, project.id, [member]);
        if (request.participants.includes(member)) return undefined;
        const kept = member.startsWith('bot_') ? request.participants : request.participants_agents;
        return { participants: [...kept, member] };
      });
    },

    /** PUT /participants: replaces the whole list. */
    setParticipants(project: ProjectRow, requestId: string, members: string[]) {
      return changeParticipants(project, requestId, async (trx) => {
        await creation.checkParticipants(trx, project.id, members);
        return { participants: members };
      });
    },

    /** DELETE /participants/:id: an agent who leaves is recorded as having abandoned the request. */
    removeParticipant(project: ProjectRow, requestId: string, participant: string) {
      return changeParticipants(project, requestId, async (trx, request) => {
        if (!request.participants.includes(participant)) return undefined;
        const participants = request.participants.filter((p) => p !== participant);
        if (participant.startsWith('bot_')) return { participants };
        const member = await deps.projectUsers.findMembership(project.id, { userId: participant }, trx);
        if (!member) return { participants };
        const abandoned = (request.attributes?.abandoned_by_project_users as Record<string, number> | undefined) ?? {};
        const attributes = {
          ...request.attributes,
          abandoned_by_project_users: { ...abandoned, [member.id]: Date.now() },
        };
        return { participants, extra: { attributes: json(attributes) } };
      });
    },

    addFollower(project: ProjectRow, requestId: string, member: string) {
      return changeFollowers(project, requestId, async (trx, followers) => [
        ...followers,
        ...(await creation.checkFollowers(trx, project.id, [member])),
      ]);
    },

    setFollowers(project: ProjectRow, requestId: string, members: string[]) {
      return changeFollowers(project, requestId, (trx) => creation.checkFollowers(trx, project.id, members));
    },

    removeFollower(project: ProjectRow, requestId: string, follower: string) {
      return changeFollowers(project, requestId, async (_trx, followers) => followers.filter((f) => f !== follower));
    },
  };
}
