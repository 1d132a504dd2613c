import { Type, type Static } from 'typebox';
import { AnyJson, FreeObject } from '../../platform/http/schemas.js';
import type { DepartmentRow } from '../../platform/db/tables.js';
import { compact, documentOf, documentSchema } from '../../platform/wire.js';
import { ProjectSchema } from '../projects/projects.schema.js';
import { ProjectUserSchema } from '../project-users/project-users.schema.js';

const ROUTING_MODES = ['assigned', 'pooled'] as const;

export const DepartmentSchema = documentSchema({
  id_project: Type.String(),
  name: Type.String(),
  description: Type.Optional(Type.String()),
  routing: Type.String(),
  id_bot: Type.Optional(Type.String()),
  bot_only: Type.Boolean(),
  id_group: Type.Optional(Type.String()),
  groups: Type.Array(FreeObject),
  online_msg: Type.Optional(Type.String()),
  offline_msg: Type.Optional(Type.String()),
  default: Type.Boolean(),
  status: Type.Number(),
  tags: Type.Array(AnyJson),
  attributes: Type.Optional(FreeObject),
  hasBot: Type.Boolean(),
  createdBy: Type.String(),
});
export type DepartmentWire = Static<typeof DepartmentSchema>;

export function departmentToWire(department: DepartmentRow): DepartmentWire {
  return compact(
    documentOf(department, {
      id_project: department.project_id,
      name: department.name,
      description: department.description,
      routing: department.routing,
      id_bot: department.id_bot,
      bot_only: department.bot_only,
      id_group: department.id_group,
      groups: department.groups ?? [],
      online_msg: department.online_msg,
      offline_msg: department.offline_msg,
      default: department.is_default,
      status: department.status,
      tags: department.tags ?? [],
      attributes: department.attributes,
      hasBot: department.id_bot !== null,
      createdBy: department.created_by,
    }),
  ) as DepartmentWire;
}

export const DepartmentParams = Type.Object({ project_id: Type.String(), department_id: Type.String() });

const Routing = Type.Union(ROUTING_MODES.map((mode) => Type.Literal(mode)));
const NullableId = Type.Union([Type.String(), Type.Null()]);

const DepartmentFields = {
  description: Type.Optional(Type.String()),
  routing: Type.Optional(Routing),
  id_bot: Type.Optional(NullableId),
  bot_only: Type.Optional(Type.Boolean()),
  id_group: Type.Optional(NullableId),
  groups: Type.Optional(Type.Array(FreeObject)),
  online_msg: Type.Optional(Type.String()),
  offline_msg: Type.Optional(Type.String()),
  status: Type.Optional(Type.Union([Type.Literal(1), Type.Literal(0), Type.Literal(-1)])),
  tags: Type.Optional(Type.Array(AnyJson)),
  attributes: Type.Optional(FreeObject),
};

export const CreateDepartmentBody = Type.Object({ name: Type.String({ minLength: 1 }), ...DepartmentFields });
export const UpdateDepartmentBody = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1 })),
  ...DepartmentFields,
});
export type DepartmentInput = Static<typeof UpdateDepartmentBody>;

export const ListDepartmentsQuery = Type.Object({ sort: Type.Optional(Type.String()) });

export const OperatorsQuery = Type.Object({
  nobot: Type.Optional(Type.String()),
  /** Tiledesk: whether `operator.select` webhooks may change the choice; Parley has none. */
  disableWebHookCall: Type.Optional(Type.String()),
});

/** GET /departments/:id/operators: Tiledesk's getOperators result. */
export const OperatorsSchema = Type.Object({
  department: DepartmentSchema,
  available_agents: Type.Array(ProjectUserSchema, { description: 'Agents who could take a request now' }),
  agents: Type.Array(ProjectUserSchema, { description: 'The active team' }),
  operators: Type.Array(Type.Object({ id_user: Type.String() }), {
    description: 'Who a new request would be routed to: an agent, `bot_<id>`, or nobody',
  }),
  id_bot: Type.Optional(Type.String()),
  id_project: Type.String(),
  project: ProjectSchema,
});
