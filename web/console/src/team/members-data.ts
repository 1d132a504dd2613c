/**
 * The team as the server has it: memberships (`/{project_id}/project_users`) and pending
 * invitations (`/{project_id}/pendinginvitations`). Removing a member is the soft delete
 * (`?soft=true`: trashed and disabled), which an invitation to the same address undoes.
 */
import { api, unwrap } from '../api/client';
import type { paths } from '../../../shared/api-schema';
import { t } from '../i18n/i18n';

type Json<T> = T extends { content: { 'application/json': infer Body } } ? Body : never;
export type Member = Json<paths['/{project_id}/project_users']['get']['responses'][200]>[number];
export type Invitation = Json<paths['/{project_id}/pendinginvitations']['get']['responses'][200]>[number];
export type MemberChanges = Json<paths['/{project_id}/project_users/{project_user_id}']['put']['requestBody']>;

/** The roles of a team, highest first (the server's ladder, src/platform/auth/roles.ts). */
const TEAM_ROLES = ['owner', 'admin', 'supervisor', 'agent', 'teammate'] as const;
/** What an admin hands out; only an owner makes another owner. */
const GRANTED_ROLES = ['admin', 'supervisor', 'agent'] as const;

export function roleName(role: string): string {
  return (TEAM_ROLES as readonly string[]).includes(role)
    ? t(`team.role.${role as (typeof TEAM_ROLES)[number]}`)
    : role;
}

/** The roles `myRole` may give, with the member's current one always among them. */
export function rolesToGive(myRole: string, current?: string): string[] {
  const roles: string[] = myRole === 'owner' ? ['owner', ...GRANTED_ROLES] : [...GRANTED_ROLES];
  return current && !roles.includes(current) ? [current, ...roles] : roles;
}

function userOf(member: Member) {
  return typeof member.id_user === 'object' ? member.id_user : undefined;
}

export function memberName(member: Member): string {
  const user = userOf(member);
  return [user?.firstname, user?.lastname].filter(Boolean).join(' ') || user?.email || member._id;
}

export const memberEmail = (member: Member): string => userOf(member)?.email ?? '';
export const memberUserId = (member: Member): string | undefined =>
  userOf(member)?._id ?? (typeof member.id_user === 'string' ? member.id_user : undefined);

export async function listMembers(projectId: string): Promise<Member[]> {
  const members = unwrap(await api.GET('/{project_id}/project_users', { params: { path: { project_id: projectId } } }));
  return members.sort((a, b) => memberName(a).localeCompare(memberName(b)));
}

export async function updateMember(projectId: string, memberId: string, changes: MemberChanges): Promise<Member> {
  const path = { project_id: projectId, project_user_id: memberId };
  return unwrap(await api.PUT('/{project_id}/project_users/{project_user_id}', { params: { path }, body: changes }));
}

export async function removeMember(projectId: string, memberId: string): Promise<void> {
  const path = { project_id: projectId, project_user_id: memberId };
  unwrap(
    await api.DELETE('/{project_id}/project_users/{project_user_id}', { params: { path, query: { soft: 'true' } } }),
  );
}

export async function listInvitations(projectId: string): Promise<Invitation[]> {
  return unwrap(await api.GET('/{project_id}/pendinginvitations', { params: { path: { project_id: projectId } } }));
}

/** An invitation: a member at once (a verified account), or a pending invitation. */
export async function invite(
  projectId: string,
  email: string,
  role: string,
): Promise<{ member: Member } | { invitation: Invitation }> {
  const result = unwrap(
    await api.POST('/{project_id}/project_users/invite', {
      params: { path: { project_id: projectId } },
      body: { email, role },
    }),
  );
  return 'pendingInvitation' in result ? { invitation: result.pendingInvitation } : { member: result };
}

export async function resendInvitation(projectId: string, invitationId: string): Promise<Invitation> {
  const path = { project_id: projectId, invitation_id: invitationId };
  const result = unwrap(
    await api.GET('/{project_id}/pendinginvitations/resendinvite/{invitation_id}', { params: { path } }),
  );
  return result['Resend invitation email to'];
}

export async function revokeInvitation(projectId: string, invitationId: string): Promise<void> {
  const path = { project_id: projectId, invitation_id: invitationId };
  unwrap(await api.DELETE('/{project_id}/pendinginvitations/{invitation_id}', { params: { path } }));
}
