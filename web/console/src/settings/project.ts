/** The project as the settings read and write it: `GET` and `PUT /projects/{project_id}`. */
import { api, unwrap } from '../api/client';
import type { paths } from '../../../shared/api-schema';

type ProjectPath = paths['/projects/{project_id}'];
export type Project = ProjectPath['get']['responses'][200]['content']['application/json'];
/** The fields a `PUT` may change; Tiledesk's `settings.<key>` dotted keys merge one setting. */
export type ProjectChanges = ProjectPath['put']['requestBody']['content']['application/json'];

/** What a settings section is given: the project as last saved, and where its answer goes. */
export interface SectionProps {
  project: Project;
  onSaved: (project: Project) => void;
}

export async function loadProject(projectId: string): Promise<Project> {
  return unwrap(await api.GET('/projects/{project_id}', { params: { path: { project_id: projectId } } }));
}

export async function updateProject(projectId: string, changes: ProjectChanges): Promise<Project> {
  return unwrap(
    await api.PUT('/projects/{project_id}', { params: { path: { project_id: projectId } }, body: changes }),
  );
}

/** A text setting of the project's `settings` or `widget` object ('' when unset). */
export function textOf(object: Record<string, unknown> | undefined, key: string): string {
  const value = object?.[key];
  return typeof value === 'string' ? value : '';
}
