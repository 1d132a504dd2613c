/**
 * An activity in a sentence, as Tiledesk's activityMessageUtil words it (English), for the list's
 * `message` and the CSV export; also for the verbs only Parley records.
 */
interface Described {
  verb: string;
  actor: { type: string; id: string; name?: string };
  actionObj?: Record<string, unknown>;
  target: { type: string; id?: string; object?: Record<string, unknown> };
  related?: Record<string, unknown>;
}

const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

function actorLabel({ actor }: Described): string {
  return actor.type === 'system' ? 'System' : (actor.name ?? actor.id);
}

/** The member a project_user activity is about: their name, else their email or id. */
function targetUserLabel({ target }: Described): string {
  const user = target.object?.id_user as Record<string, unknown> | undefined;
  if (!user) return 'unknown user';
  const name = [str(user.firstname), str(user.lastname)].filter(Boolean).join(' ');
  return name || str(user._id) || 'unknown user';
}

function requestLabel({ target }: Described): string {
  return str(target.object?.request_id) ?? target.id ?? 'conversation';
}

function entityLabel({ target }: Described): string {
  const object = target.object ?? {};
  return str(object.name) ?? str(object.fullname) ?? str(object.email) ?? target.id ?? target.type;
}

function assigneeLabel({ actionObj = {}, related }: Described): string {
  return str(related?.name) ?? str(actionObj.assigneeName) ?? str(actionObj.assigneeId) ?? 'unknown agent';
}

function inviteLabel(activity: Described): string {
  const email = str(activity.actionObj?.email) ?? '';
  if (activity.target.type === 'pendinginvitation') return email || 'unknown user';
  const name = targetUserLabel(activity);
  return email && name !== email ? `${name} (${email})` : name;
}

const ASSIGNMENT: Record<string, (a: Described, actor: string, source: string) => string> = {
  REQUEST_ASSIGNED_AUTO: (a, actor, source) =>
    a.actor.type === 'system'
      ? `System automatically assigned conversation ${requestLabel(a)} to ${assigneeLabel(a)} (source: ${source})`
      : `${actor} triggered automatic assignment of conversation ${requestLabel(a)} to ${assigneeLabel(a)} (source: ${source})`,
  REQUEST_ASSIGNED_SELF: (a, actor, source) => `${actor} joined conversation ${requestLabel(a)} (source: ${source})`,
  REQUEST_ASSIGNED_MANUAL: (a, actor, source) => {
    const to = a.actionObj?.assigneeType === 'bot' ? `chatbot ${assigneeLabel(a)}` : assigneeLabel(a);
    const verb = a.actionObj?.assigneeType === 'bot' ? 'reassigned' : 'manually assigned';
    const previous = str(a.actionObj?.previousAssigneeId);
    return `${actor} ${verb} conversation ${requestLabel(a)} to ${to} (source: ${source})${previous ? ` (replaced ${previous})` : ''}`;
  },
  REQUEST_UNASSIGNED: (a, actor, source) =>
    `${actor} unassigned ${assigneeLabel(a)} from conversation ${requestLabel(a)} (source: ${source})`,
  LEAVE_CONVERSATION: (a, actor, source) => `${actor} left conversation ${requestLabel(a)} (source: ${source})`,
};

export function activityMessage(activity: Described): string | undefined {
  const actor = actorLabel(activity);
  const action = activity.actionObj ?? {};
  const assignment = ASSIGNMENT[activity.verb];
  if (assignment) return assignment(activity, actor, str(action.source) ?? 'unknown');
  const status = str(action.newStatus) ?? 'unknown';
  switch (activity.verb) {
    case 'PROJECT_USER_AVAILABILITY_SELF':
      return `${targetUserLabel(activity)} changed availability status to ${status}`;
    case 'PROJECT_USER_AVAILABILITY_SYSTEM':
      return `${targetUserLabel(activity)} availability status was changed to ${status} by the system`;
    case 'PROJECT_USER_UPDATE':
      return `${actor} changed ${describeMemberChange(action)} of ${targetUserLabel(activity)}`;
    case 'PROJECT_USER_INVITE':
      return `${actor} invited ${inviteLabel(activity)} to take on the role of ${str(action.role) ?? 'agent'}`;
    case 'PROJECT_USER_DELETE':
      return `${actor} removed ${targetUserLabel(activity)} from the project`;
    case 'REQUEST_CREATE':
      return `${actor} started conversation ${requestLabel(activity)}`;
    case 'REQUEST_CLOSE':
      return `${actor} closed conversation ${requestLabel(activity)}`;
    case 'REQUEST_DELETE':
      return `${actor} deleted conversation ${requestLabel(activity)}`;
    case 'FAQ_KB_CREATE':
      return `${actor} created chatbot ${entityLabel(activity)}`;
    case 'FAQ_KB_DELETE':
      return `${actor} deleted chatbot ${entityLabel(activity)}`;
    case 'DEPARTMENT_DELETE':
    case 'GROUP_DELETE':
    case 'LEAD_DELETE':
      return `${actor} deleted ${activity.target.type} ${entityLabel(activity)}`;
    default:
      return undefined;
  }
}

/** "the role (admin)", "the availability status (unavailable)"... of a PROJECT_USER_UPDATE. */
function describeMemberChange(action: Record<string, unknown>): string {
  const parts: string[] = [];
  if (action.user_available !== undefined || action.profileStatus !== undefined) {
    parts.push(`the availability status (${str(action.newStatus) ?? 'unknown'})`);
  }
  if (action.role !== undefined) parts.push(`the role (${String(action.role)})`);
  if (action.status !== undefined) parts.push(`the status (${String(action.status)})`);
  if (action.max_assigned_chat !== undefined) parts.push(`the chat limit (${String(action.max_assigned_chat)})`);
  if (action.trashed !== undefined) parts.push(`the membership (${action.trashed ? 'removed' : 'restored'})`);
  return parts.join(', ') || 'the membership';
}
