/**
 * Tiledesk's role ladder: each role includes every role to its left.
 * roleType 1 = team members (agents...), 2 = end users (guests, external users).
 */
const ROLES = ['guest', 'user', 'teammate', 'agent', 'supervisor', 'admin', 'owner'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_TYPE_AGENTS = 1;
export const ROLE_TYPE_USERS = 2;

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** True when `actual` is `required` or above it on the ladder. Unknown roles rank lowest. */
export function roleAtLeast(actual: string, required: Role): boolean {
  return ROLES.indexOf(actual as Role) >= ROLES.indexOf(required);
}

/** Team roles (roleType 1); the others are end users. */
export function roleTypeOf(role: Role): number {
  return roleAtLeast(role, 'teammate') ? ROLE_TYPE_AGENTS : ROLE_TYPE_USERS;
}
