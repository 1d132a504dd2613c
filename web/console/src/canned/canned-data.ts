/**
 * The canned responses' calls to the API (`/:project_id/canned`), and the caller's role, which
 * decides which responses they may change: admins and owners every one, agents their own.
 */
import { api, unwrap } from '../api/client';
import type { paths } from '../../../shared/api-schema';

export type CannedResponse =
  paths['/{project_id}/canned/{canned_id}']['get']['responses'][200]['content']['application/json'];

/** What the form edits. */
export interface CannedDraft {
  title: string;
  text: string;
  shared: boolean;
}

/** The responses the caller may see (shared ones and their own; admins all), newest first. */
export async function listCanned(projectId: string, search: string): Promise<CannedResponse[]> {
  const query = search.trim() ? { text: search.trim() } : {};
  return unwrap(await api.GET('/{project_id}/canned', { params: { path: { project_id: projectId }, query } }));
}

export async function createCanned(projectId: string, draft: CannedDraft): Promise<CannedResponse> {
  return unwrap(await api.POST('/{project_id}/canned', { params: { path: { project_id: projectId } }, body: draft }));
}

export async function updateCanned(projectId: string, id: string, draft: CannedDraft): Promise<CannedResponse> {
  return unwrap(
    await api.PUT('/{project_id}/canned/{canned_id}', {
      params: { path: { project_id: projectId, canned_id: id } },
      body: draft,
    }),
  );
}

export async function deleteCanned(projectId: string, id: string): Promise<CannedResponse> {
  return unwrap(
    await api.DELETE('/{project_id}/canned/{canned_id}', {
      params: { path: { project_id: projectId, canned_id: id } },
    }),
  );
}

/** Whether the caller curates the project's responses (an admin or the owner). */
export async function curatesCanned(projectId: string): Promise<boolean> {
  const [me] = unwrap(await api.GET('/{project_id}/project_users/me', { params: { path: { project_id: projectId } } }));
  return me?.role === 'owner' || me?.role === 'admin';
}
