/**
 * Invitations to a project's team, part of the project-users service. An invitation becomes a
 * membership at once only for an account whose address is verified; otherwise it waits as a
 * pending invitation until the address is proven (auth/account-links.service.ts calls
 * `acceptPendingInvitations`). Either way the invited address gets an email (the notifier).
 */
import type { Platform } from '../../platform/context.js';
import { errors } from '../../platform/errors.js';
import { newObjectId } from '../../platform/ids.js';
import type { ProjectRow, ProjectUserRow, UserRow } from '../../platform/db/tables.js';
import { isRole, roleAtLeast, ROLE_TYPE_AGENTS, type Role } from '../../platform/auth/roles.js';
import type { Principal } from '../../platform/auth/principal.js';
import { can } from '../../platform/auth/policies.js';
import type { UsersService } from '../users/users.service.js';
import type { ProjectUsersRepo } from './project-users.repo.js';
import { invitationToWire, projectUserToWire, type ProjectUserView } from './project-users.schema.js';

/** Emails the invited address; runs inside the invitation's transaction (see invitation-emails.ts). */
export interface InvitationNotifier {
  invited(invitation: {
    project: ProjectRow;
    inviterId: string;
    email: string;
    role: string;
    user?: UserRow;
  }): Promise<void>;
}

export interface InvitationsDeps {
  repo: ProjectUsersRepo;
  users: UsersService;
  notifier: InvitationNotifier;
  viewOf(projectId: string, row: ProjectUserRow): Promise<ProjectUserView>;
  addTeamMember(input: {
    projectId: string;
    userId: string;
    role: Role;
    userAvailable?: boolean;
    createdBy: string;
  }): Promise<ProjectUserRow>;
}

export function createInvitations({ transaction, jobs }: Platform, deps: InvitationsDeps) {
  const { repo } = deps;

  /**
   * The user joins the team with `role`: their removed or disabled membership comes back, or
   * (none, or one deleted meanwhile) a new one is made.
   */
  async function joinTeam(
    projectId: string,
    userId: string,
    existing: ProjectUserRow | undefined,
    invitation: { role: string; userAvailable: boolean; createdBy: string },
  ): Promise<ProjectUserRow> {
    const reactivated =
      existing &&
      (await repo.updateProjectUser(projectId, existing.id, {
        role: invitation.role,
        role_type: ROLE_TYPE_AGENTS,
        status: 'active',
        trashed: false,
        user_available: invitation.userAvailable,
      }));
    return (
      reactivated ||
      deps.addTeamMember({
        projectId,
        userId,
        role: invitation.role as Role,
        userAvailable: invitation.userAvailable,
        createdBy: invitation.createdBy,
      })
    );
  }

  const isActiveMember = (row: ProjectUserRow | undefined) => row?.status === 'active' && !row.trashed;

  return {
    /** POST /project_users/invite: a membership for a verified account, else a pending invitation. */
    async invite(
      project: ProjectRow,
      inviter: Principal,
      actor: ProjectUserRow | undefined,
      input: { email: string; role: string; user_available?: boolean },
    ) {
      if (!isRole(input.role) || !roleAtLeast(input.role, 'teammate')) {
        throw errors.invalid(`Invalid role for a team member: ${input.role}`);
      }
      if (!can.changeMember(actor, undefined, input.role)) throw errors.roleRequired();
      const email = input.email.toLowerCase();
      const user = await deps.users.findUserByEmail(email);
      if (user?.id === inviter.id) throw errors.inviteSelf();
      const result = await transaction(async ({ emit }) => {
        const existing = user && (await repo.findProjectUserByMember(project.id, { userId: user.id }));
        if (isActiveMember(existing)) throw errors.inviteAlreadyMember();
        const notice = { project, inviterId: inviter.id, email, role: input.role, ...(user && { user }) };
        // Until its address is verified, an account is only a claim on that address.
        if (!user || !user.emailverified) {
          const invitation = await repo.insertPendingInvitation({
            id: newObjectId(),
            project_id: project.id,
            email,
            role: input.role,
            user_available: input.user_available ?? true,
            created_by: inviter.id,
          });
          emit('project_user.invite.pending', project.id, invitationToWire(invitation));
          await deps.notifier.invited(notice);
          return { pending: true as const, invitation };
        }
        const row = await joinTeam(project.id, user.id, existing, {
          role: input.role,
          userAvailable: input.user_available ?? true,
          createdBy: inviter.id,
        });
        const view = await deps.viewOf(project.id, row);
        emit('project_user.invite', project.id, projectUserToWire(project, view));
        await deps.notifier.invited(notice);
        return { pending: false as const, view };
      });
      jobs.poke();
      return result;
    },

    listPendingInvitations(project: ProjectRow) {
      return repo.listPendingInvitations(project.id);
    },

    async getPendingInvitation(project: ProjectRow, id: string) {
      const invitation = await repo.findPendingInvitation(project.id, id);
      if (!invitation) throw errors.notFound('pendingInvitation', id);
      return invitation;
    },

    /** GET /pendinginvitations/resendinvite/:id: the invitation email again (`updatedAt` records it). */
    async resendPendingInvitation(project: ProjectRow, id: string) {
      const invitation = await transaction(async () => {
        const invitation = await repo.touchPendingInvitation(project.id, id);
        if (!invitation) throw errors.notFound('pendingInvitation', id);
        const user = await deps.users.findUserByEmail(invitation.email);
        await deps.notifier.invited({
          project,
          inviterId: invitation.created_by,
          email: invitation.email,
          role: invitation.role,
          ...(user && { user }),
        });
        return invitation;
      });
      jobs.poke();
      return invitation;
    },

    async deletePendingInvitation(project: ProjectRow, id: string) {
      const invitation = await repo.deletePendingInvitation(project.id, id);
      if (!invitation) throw errors.notFound('pendingInvitation', id);
      return invitation;
    },

    /** Once the address is proven: every pending invitation for it becomes a membership. */
    async acceptPendingInvitations(user: UserRow): Promise<ProjectUserRow[]> {
      const rows: ProjectUserRow[] = [];
      for (const invitation of await repo.takePendingInvitations(user.email)) {
        const existing = await repo.findProjectUserByMember(invitation.project_id, { userId: user.id });
        if (isActiveMember(existing)) continue;
        rows.push(
          await joinTeam(invitation.project_id, user.id, existing, {
            role: invitation.role,
            userAvailable: invitation.user_available,
            createdBy: invitation.created_by,
          }),
        );
      }
      return rows;
    },
  };
}
