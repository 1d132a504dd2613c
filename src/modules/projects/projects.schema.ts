import { Type, type Static } from 'typebox';
import { AnyJson, Attributes, DateTime, FreeObject } from '../../platform/http/schemas.js';
import type { ProjectRow } from '../../platform/db/tables.js';
import { compact, documentOf, documentSchema } from '../../platform/wire.js';
import { settingsWithoutSecrets } from './project-secrets.js';

export const ProjectSchema = documentSchema(
  {
    name: Type.String(),
    activeOperatingHours: Type.Boolean(),
    operatingHours: Type.Optional(Type.String()),
    timeSlots: Type.Optional(FreeObject),
    settings: FreeObject,
    widget: Type.Optional(FreeObject),
    profile: FreeObject,
    status: Type.Number(),
    versions: Type.Optional(Type.Number()),
    channels: Type.Array(FreeObject),
    ipFilterEnabled: Type.Boolean(),
    ipFilter: Type.Array(AnyJson),
    ipFilterDenyEnabled: Type.Boolean(),
    ipFilterDeny: Type.Array(AnyJson),
    bannedUsers: Type.Array(AnyJson),
    attributes: Type.Optional(FreeObject),
    createdBy: Type.String(),
  },
  { trialExpired: Type.Boolean(), trialDaysLeft: Type.Number(), isActiveSubscription: Type.Boolean() },
);
export type ProjectWire = Static<typeof ProjectSchema>;

/**
 * Parley has no plans or trials: every project presents the profile of an active, unlimited
 * subscription so that clients which gate features on the plan enable them all.
 */
export function defaultProfile(now: Date) {
  return {
    name: 'Community',
    type: 'payment',
    trialDays: 0,
    agents: 1_000_000,
    subStart: now.toISOString(),
    subEnd: '2099-12-31T00:00:00.000Z',
    subscriptionId: 'parley',
    last_stripe_event: null,
  };
}

export function projectToWire(project: ProjectRow): ProjectWire {
  return compact(
    documentOf(
      project,
      {
        name: project.name,
        activeOperatingHours: project.active_operating_hours,
        operatingHours: project.operating_hours,
        timeSlots: project.time_slots,
        settings: settingsWithoutSecrets(project.settings ?? {}),
        widget: project.widget,
        profile: project.profile,
        status: project.status,
        versions: project.versions,
        channels: project.channels,
        ipFilterEnabled: project.ip_filter_enabled,
        ipFilter: project.ip_filter,
        ipFilterDenyEnabled: project.ip_filter_deny_enabled,
        ipFilterDeny: project.ip_filter_deny,
        bannedUsers: project.banned_users,
        attributes: project.attributes,
        createdBy: project.created_by,
      },
      { trialExpired: false, trialDaysLeft: 0, isActiveSubscription: true },
    ),
  ) as ProjectWire;
}

export const ProjectIdParams = Type.Object({ project_id: Type.String() });

export const CreateProjectBody = Type.Object({
  name: Type.String({ minLength: 1 }),
  defaultLanguage: Type.Optional(Type.String()),
});

/**
 * Most entries a project's `bannedUsers` holds: the list is read on every `/:project_id` call
 * (platform/http/project-scope.ts), so it stays small.
 */
export const MAX_BANNED_USERS = 500;

/**
 * The fields PUT/PATCH /projects/:id may change. Tiledesk also accepts `settings.<key>` dotted
 * keys; they are merged into `settings` (see projects.service.ts).
 */
export const UpdateProjectBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1 })),
    activeOperatingHours: Type.Optional(Type.Boolean()),
    operatingHours: Type.Optional(Type.String()),
    timeSlots: Type.Optional(FreeObject),
    settings: Type.Optional(FreeObject),
    widget: Type.Optional(FreeObject),
    versions: Type.Optional(Type.Number()),
    channels: Type.Optional(Type.Array(FreeObject)),
    ipFilterEnabled: Type.Optional(Type.Boolean()),
    ipFilter: Type.Optional(Type.Array(Type.String())),
    ipFilterDenyEnabled: Type.Optional(Type.Boolean()),
    ipFilterDeny: Type.Optional(Type.Array(Type.String())),
    bannedUsers: Type.Optional(Type.Array(FreeObject, { maxItems: MAX_BANNED_USERS })),
    attributes: Type.Optional(FreeObject),
    profile: Type.Optional(AnyJson),
  },
  { additionalProperties: true },
);
export type ProjectChanges = Static<typeof UpdateProjectBody>;

export const IsOpenQuery = Type.Object({ timeSlot: Type.Optional(Type.String()) });

export const AvailableAgentsQuery = Type.Object({
  department: Type.Optional(Type.String()),
  raw: Type.Optional(Type.String()),
});

export const AvailableAgentSchema = Type.Object({
  id: Type.String(),
  pu_id: Type.String(),
  fullname: Type.String(),
  email: Type.Optional(Type.String()),
  assigned_request: Type.Number(),
});

/** PATCH /projects/:id/attributes: keys merged into the project's attributes. */
export const ProjectAttributesBody = Attributes;

/** POST /projects/:id/ban: the user id (as in their tokens' `_id`) and, for the record, an address. */
export const BanBody = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 200 }),
  ip: Type.Optional(Type.String({ maxLength: 100 })),
});

export const BanParams = Type.Object({ project_id: Type.String(), ban_id: Type.String() });

/** GET /projects/all: newest first, `limit` per `page` (from 0). */
export const AllProjectsQuery = Type.Object({
  page: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 1000 })),
});

/** One project in GET /projects/all, as Tiledesk summarises it. */
export const ProjectSummarySchema = Type.Object({
  _id: Type.String(),
  name: Type.String(),
  owner: Type.Optional(Type.String({ description: "The owner's email" })),
  createdAt: DateTime,
  profile_name: Type.Optional(Type.String()),
});
