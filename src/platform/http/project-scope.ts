/**
 * Every `/:project_id/...` route first resolves its project, answering like Tiledesk:
 * 400 {"error":"Invalid project id: X"} for a malformed id and
 * 400 {"error":"Project not found with id: X"} for an unknown or deleted project.
 */
import type { FastifyInstance } from 'fastify';
import type { Connection } from '../db/unit-of-work.js';
import { errors } from '../errors.js';
import { isObjectId } from '../ids.js';

export function resolveProjectOnRequest(scope: FastifyInstance, connection: Connection): void {
  scope.addHook('onRequest', async (request) => {
    const id = (request.params as { project_id?: string }).project_id ?? '';
    if (!isObjectId(id)) throw errors.invalidProjectId(id);
    const project = await connection()
      .selectFrom('projects')
      .selectAll()
      .where('id', '=', id)
      .where('status', '=', 100)
      .executeTakeFirst();
    if (!project) throw errors.projectNotFound(id);
    request.project = project;
  });
}
