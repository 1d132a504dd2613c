/**
 * Who takes part in a request (participants: agents by user id, bots as `bot_<id>`) and who
 * follows it (followers: project_user ids). A closed request stays closed whatever changes.
 */
import type { ProjectRow, RequestRow, RequestUpdate } from '../../platform/db/tables.js';
import { json } from '../../platform/db/json.js';
import { participantColumns, type RequestsCore } from './requests.core.js';
import type { RequestCreation } from './requests-create.js';
import type { RequestLifecycle } from './requests-lifecycle.service.js';
import type { RequestWire } from './requests.schema.js';
import { REQUEST_STATUS } from '../../../web/shared/request-status.js';

export function createRequestParticipants(core: RequestsCore, creation: RequestCreation, lifecycle: RequestLifecycle) {
  const { deps } = core;
  const { transaction } = core.platform;

  function statusWith(request: RequestRow, participants: string[]): number {
    if (request.status === REQUEST_STATUS.CLOSED) return REQUEST_STATUS.CLOSED;
    return participants.length > 0 ? 200 : 100;
  }

  /** Locks the request, computes the new participants, stores and announces them. */
  function changeParticipants(
    project: ProjectRow,
    requestId: string,
    compute: (request: RequestRow) => Promise<{ participants: string[]; extra?: RequestUpdate } | undefined>,
  ): Promise<RequestWire> {
    return transaction(async ({ emit }) => {
      const request = await core.mustFind(project.id, requestId, { forUpdate: true });
      const change = await compute(request);
      if (!change) return core.present(project, request);
      const { row, wire } = await core.apply(emit, project, requestId, {
        ...participantColumns(change.participants),
        status: statusWith(request, change.participants),
        assigned_at: request.assigned_at ?? (change.participants.length > 0 ? new Date() : null),
        ...change.extra,
      });
      await lifecycle.announceParticipants(emit, project, request, row, wire);
      return wire;
    });
  }

  function changeFollowers(
    project: ProjectRow,
    requestId: string,
    compute: (followers: string[]) => Promise<string[]>,
  ): Promise<RequestWire> {
    return transaction(async ({ emit }) => {
      const request = await core.mustFind(project.id, requestId, { forUpdate: true });
      const followers = [...new Set(await compute(request.followers))];
      return (await core.apply(emit, project, requestId, { followers })).wire;
    });
  }

  return {
    /** POST /participants: a human joining a bot-served request replaces the bot (Tiledesk's concierge). */
    addParticipant(project: ProjectRow, requestId: string, member: string) {
      return changeParticipants(project, requestId, async (request) => {
        await creation.checkParticipants(project.id, [member]);
        if (request.participants.includes(member)) return undefined;
        const kept = member.startsWith('bot_') ? request.participants : request.participants_agents;
        return { participants: [...kept, member] };
      });
    },

    /** PUT /participants: replaces the whole list. */
    setParticipants(project: ProjectRow, requestId: string, members: string[]) {
      return changeParticipants(project, requestId, async () => {
        await creation.checkParticipants(project.id, members);
        return { participants: members };
      });
    },

    /** DELETE /participants/:id: an agent who leaves is recorded as having abandoned the request. */
    removeParticipant(project: ProjectRow, requestId: string, participant: string) {
      return changeParticipants(project, requestId, async (request) => {
        if (!request.participants.includes(participant)) return undefined;
        const participants = request.participants.filter((p) => p !== participant);
        if (participant.startsWith('bot_')) return { participants };
        const member = await deps.projectUsers.findMembership(project.id, { userId: participant });
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
      return changeFollowers(project, requestId, async (followers) => [
        ...followers,
        ...(await creation.checkFollowers(project.id, [member])),
      ]);
    },

    setFollowers(project: ProjectRow, requestId: string, members: string[]) {
      return changeFollowers(project, requestId, () => creation.checkFollowers(project.id, members));
    },

    removeFollower(project: ProjectRow, requestId: string, follower: string) {
      return changeFollowers(project, requestId, async (followers) => followers.filter((f) => f !== follower));
    },
  };
}
