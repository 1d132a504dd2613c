/**
 * The bots screens' calls to the API (`/faq_kb` for bots, `/faq` for their intents, the transfer
 * routes for fork, export and import), typed by the server's OpenAPI document.
 */
import { api, unwrap } from '../api/client';
import type { paths } from '../../../shared/api-schema';

export type Bot = paths['/{project_id}/faq_kb/{bot_id}']['get']['responses'][200]['content']['application/json'];
export type Intent = paths['/{project_id}/faq/{intent}']['get']['responses'][200]['content']['application/json'];
export type BotFile =
  paths['/{project_id}/faq_kb/exportjson/{bot_id}']['get']['responses'][200]['content']['application/json'];
type NewBotBody = paths['/{project_id}/faq_kb']['post']['requestBody']['content']['application/json'];
export type BotChanges = paths['/{project_id}/faq_kb/{bot_id}']['put']['requestBody']['content']['application/json'];
export type IntentChanges = paths['/{project_id}/faq/{intent}']['put']['requestBody']['content']['application/json'];

/** Flow bots: their intents are blocks of actions, not a question and an answer. */
const FLOW_TYPES = new Set(['tilebot']);
export const isFlowBot = (bot: Pick<Bot, 'type'>) => FLOW_TYPES.has(bot.type);

/** The project's bots (the list route answers admins with the full view). */
export async function listBots(projectId: string): Promise<Bot[]> {
  const bots = unwrap(await api.GET('/{project_id}/faq_kb', { params: { path: { project_id: projectId } } }));
  return bots as Bot[];
}

/** How many intents each bot has, by bot id, from one list of the project's intents. */
export async function countIntents(projectId: string): Promise<Map<string, number>> {
  const intents = unwrap(
    await api.GET('/{project_id}/faq', { params: { path: { project_id: projectId }, query: { limit: 0 } } }),
  );
  const counts = new Map<string, number>();
  for (const intent of intents) counts.set(intent.id_faq_kb, (counts.get(intent.id_faq_kb) ?? 0) + 1);
  return counts;
}

export async function getBot(projectId: string, botId: string): Promise<Bot> {
  return unwrap(
    await api.GET('/{project_id}/faq_kb/{bot_id}', { params: { path: { project_id: projectId, bot_id: botId } } }),
  );
}

export async function createBot(projectId: string, body: NewBotBody): Promise<Bot> {
  return unwrap(await api.POST('/{project_id}/faq_kb', { params: { path: { project_id: projectId } }, body }));
}

export async function updateBot(projectId: string, botId: string, body: BotChanges): Promise<Bot> {
  return unwrap(
    await api.PUT('/{project_id}/faq_kb/{bot_id}', {
      params: { path: { project_id: projectId, bot_id: botId } },
      body,
    }),
  );
}

export async function deleteBot(projectId: string, botId: string): Promise<void> {
  unwrap(
    await api.DELETE('/{project_id}/faq_kb/{bot_id}', { params: { path: { project_id: projectId, bot_id: botId } } }),
  );
}

/** Copies the bot with its intents into `landingProjectId` (where the caller is an admin). */
export async function forkBot(projectId: string, botId: string, landingProjectId: string): Promise<string> {
  const forked = unwrap(
    await api.POST('/{project_id}/faq_kb/fork/{bot_id}', {
      params: { path: { project_id: projectId, bot_id: botId }, query: { projectid: landingProjectId } },
    }),
  );
  return forked.bot_id;
}

export async function exportBot(projectId: string, botId: string): Promise<BotFile> {
  return unwrap(
    await api.GET('/{project_id}/faq_kb/exportjson/{bot_id}', {
      params: { path: { project_id: projectId, bot_id: botId } },
    }),
  );
}

export type ImportMode = 'create' | 'add' | 'overwrite' | 'replace';

/**
 * Sends a bot file as it was read (the server parses it and says what is wrong with it): `create`
 * makes a new bot; otherwise into `botId`, adding the intents whose names it does not have yet,
 * updating those it has (`overwrite`), or in place of all its intents (`replace`).
 */
export async function importBot(projectId: string, botId: string, text: string, mode: ImportMode): Promise<Bot> {
  return unwrap(
    await api.POST('/{project_id}/faq_kb/importjson/{bot_id}', {
      params: {
        path: { project_id: projectId, bot_id: botId },
        query: { create: mode === 'create', overwrite: mode === 'overwrite', replace: mode === 'replace' },
      },
      body: text,
      bodySerializer: (body) => body as string,
      headers: { 'content-type': 'application/json' },
    }),
  );
}

export async function listIntents(projectId: string, botId: string): Promise<Intent[]> {
  const intents = unwrap(
    await api.GET('/{project_id}/faq', {
      params: { path: { project_id: projectId }, query: { id_faq_kb: botId, limit: 0 } },
    }),
  );
  return intents as Intent[];
}

export async function createIntent(projectId: string, botId: string, body: IntentChanges): Promise<Intent> {
  return unwrap(
    await api.POST('/{project_id}/faq', {
      params: { path: { project_id: projectId } },
      body: { ...body, id_faq_kb: botId },
    }),
  );
}

export async function updateIntent(
  projectId: string,
  botId: string,
  intentId: string,
  body: IntentChanges,
): Promise<Intent> {
  return unwrap(
    await api.PUT('/{project_id}/faq/{intent}', {
      params: { path: { project_id: projectId, intent: intentId } },
      body: { ...body, id_faq_kb: botId },
    }),
  );
}

export async function deleteIntent(projectId: string, botId: string, intentId: string): Promise<void> {
  unwrap(
    await api.DELETE('/{project_id}/faq/{intent}', {
      params: { path: { project_id: projectId, intent: intentId }, query: { id_faq_kb: botId } },
    }),
  );
}

export interface AdminProject {
  id: string;
  name: string;
}

/** The projects the signed-in user administers (where a bot may be forked to). */
export async function adminProjects(): Promise<AdminProject[]> {
  const memberships = unwrap(await api.GET('/projects')) as Array<{
    role?: string;
    id_project: { _id: string; name: string };
  }>;
  return memberships
    .filter((membership) => membership.role === 'owner' || membership.role === 'admin')
    .map((membership) => ({ id: membership.id_project._id, name: membership.id_project.name }));
}
