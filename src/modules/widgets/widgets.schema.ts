/**
 * What the visitor widget loads before it opens: the project as the public may see it, who is
 * available, the visible departments, the caller's ip and the bots' widget rules.
 */
import { Type, type Static } from 'typebox';
import { AnyJson, FreeObject } from '../../platform/http/schemas.js';
import type { ProjectRow } from '../../platform/db/tables.js';
import { DepartmentSchema } from '../departments/departments.schema.js';
import { projectToWire } from '../projects/projects.schema.js';
import { compact, documentSchema } from '../../platform/wire.js';
import type { ProjectUserView } from '../project-users/project-users.schema.js';

/**
 * An allow-list, so a field added to projects later stays private until chosen here. Left out:
 * settings (mail server credentials, routing internals), ip filters, banned visitors, attributes
 * (dashboard state), the jwt secret and the creator's user id.
 */
export const PublicProjectSchema = documentSchema(
  {
    name: Type.String(),
    activeOperatingHours: Type.Boolean(),
    operatingHours: Type.Optional(Type.String()),
    timeSlots: Type.Optional(FreeObject),
    widget: Type.Optional(FreeObject),
    profile: FreeObject,
    status: Type.Number(),
    versions: Type.Optional(Type.Number()),
    channels: Type.Array(FreeObject),
  },
  { trialExpired: Type.Boolean(), trialDaysLeft: Type.Number(), isActiveSubscription: Type.Boolean() },
);

/** The project's wire form, keeping only the fields of PublicProjectSchema. */
export function publicProjectToWire(project: ProjectRow): Static<typeof PublicProjectSchema> {
  const wire: Record<string, unknown> = projectToWire(project);
  return Object.fromEntries(
    Object.keys(PublicProjectSchema.properties)
      .filter((key) => wire[key] !== undefined)
      .map((key) => [key, wire[key]]),
  ) as Static<typeof PublicProjectSchema>;
}

/** An available agent as a visitor may see them: no email, no membership details. */
export const AvailableAgentSchema = Type.Object({
  id: Type.String(),
  firstname: Type.Optional(Type.String()),
  fullname: Type.String(),
});

export function availableAgentToWire({ row, user }: ProjectUserView): Static<typeof AvailableAgentSchema> {
  return compact({
    id: row.user_id!,
    firstname: user?.firstname,
    fullname: [user?.firstname, user?.lastname].filter(Boolean).join(' '),
  }) as Static<typeof AvailableAgentSchema>;
}

export const WidgetSchema = Type.Object({
  project: PublicProjectSchema,
  user_available: Type.Array(AvailableAgentSchema),
  departments: Type.Array(DepartmentSchema),
  ip: Type.Optional(Type.String()),
  botsRules: Type.Array(AnyJson),
});

/**
 * `GET /widgets/ip`: the X-Forwarded-For header as received, its first hop trimmed and as is,
 * each falling back to the socket's address. Only ever echoed to the caller.
 */
export const CallerIpSchema = Type.Object({ ip: Type.String(), ipStandard: Type.String(), parseIp: Type.String() });
