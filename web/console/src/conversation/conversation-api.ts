/**
 * Every call the conversation view makes: its history (cursor pages, from the newest back), the
 * request and the team's actions on it (each answers the updated request), messages, notes and
 * the transcript. One place so that the components only say what the agent did.
 */
import { api, unwrap } from '../api/client';
import type { ConversationRequest, Message } from './types';

type Ids = { projectId: string; requestId: string };

const pathOf = ({ projectId, requestId }: Ids) => ({ project_id: projectId, request_id: requestId });
const asRequest = (value: unknown) => value as ConversationRequest;

/** Messages per page: the newest page opens the view, older ones come as the agent scrolls up. */
const PAGE_SIZE = 50;

/** A page of the history, oldest first; `previous` (a cursor) is absent at the start. */
export interface HistoryPage {
  messages: Message[];
  previous?: string;
}

/**
 * The newest page of the history (`before` absent), or the page just before the cursor
 * `before` (the `previous` of a page already shown).
 */
export async function loadHistoryPage(ids: Ids, before?: string): Promise<HistoryPage> {
  const query = before ? { limit: PAGE_SIZE, before } : { limit: PAGE_SIZE, last: true };
  const page = unwrap(
    await api.GET('/{project_id}/requests/{request_id}/messages', { params: { path: pathOf(ids), query } }),
  ) as unknown as { messages: Message[]; previous?: string };
  return { messages: page.messages, previous: page.previous };
}

export async function loadRequest(ids: Ids): Promise<ConversationRequest> {
  return asRequest(unwrap(await api.GET('/{project_id}/requests/{request_id}', { params: { path: pathOf(ids) } })));
}

export async function sendMessage(
  ids: Ids,
  message: { text: string; type?: 'text' | 'image' | 'file'; metadata?: Record<string, unknown> },
): Promise<Message> {
  const sent = unwrap(
    await api.POST('/{project_id}/requests/{request_id}/messages', { params: { path: pathOf(ids) }, body: message }),
  );
  return sent as unknown as Message;
}

/** A private note: kept on the request (`notes`), which visitors never receive. */
export async function addNote(ids: Ids, text: string) {
  return asRequest(
    unwrap(
      await api.POST('/{project_id}/requests/{request_id}/notes', { params: { path: pathOf(ids) }, body: { text } }),
    ),
  );
}

export async function addTag(ids: Ids, tag: string) {
  return asRequest(
    unwrap(
      await api.PUT('/{project_id}/requests/{request_id}/tag', { params: { path: pathOf(ids) }, body: [{ tag }] }),
    ),
  );
}

export async function removeTag(ids: Ids, tagId: string) {
  return asRequest(
    unwrap(
      await api.DELETE('/{project_id}/requests/{request_id}/tag/{tag_id}', {
        params: { path: { ...pathOf(ids), tag_id: tagId } },
      }),
    ),
  );
}

export async function addFollower(ids: Ids, member: string) {
  return asRequest(
    unwrap(
      await api.POST('/{project_id}/requests/{request_id}/followers', {
        params: { path: pathOf(ids) },
        body: { member },
      }),
    ),
  );
}

export async function removeFollower(ids: Ids, member: string) {
  return asRequest(
    unwrap(
      await api.DELETE('/{project_id}/requests/{request_id}/followers/{follower_id}', {
        params: { path: { ...pathOf(ids), follower_id: member } },
      }),
    ),
  );
}

export async function join(ids: Ids, member: string) {
  return asRequest(
    unwrap(
      await api.POST('/{project_id}/requests/{request_id}/participants', {
        params: { path: pathOf(ids) },
        body: { member },
      }),
    ),
  );
}

export async function leave(ids: Ids, member: string) {
  return asRequest(
    unwrap(
      await api.DELETE('/{project_id}/requests/{request_id}/participants/{participant_id}', {
        params: { path: { ...pathOf(ids), participant_id: member } },
      }),
    ),
  );
}

/** Transfer to an agent: they become the only participant (Tiledesk's dashboard reassign). */
export async function transferToAgent(ids: Ids, agentId: string) {
  return asRequest(
    unwrap(
      await api.PUT('/{project_id}/requests/{request_id}/participants', {
        params: { path: pathOf(ids) },
        body: [agentId],
      }),
    ),
  );
}

/** Transfer to a department: routed again there, to its agents only (`nobot`). */
export async function transferToDepartment(ids: Ids, departmentId: string) {
  return asRequest(
    unwrap(
      await api.PUT('/{project_id}/requests/{request_id}/departments', {
        params: { path: pathOf(ids) },
        body: { departmentid: departmentId, nobot: true },
      }),
    ),
  );
}

/** Hands the conversation back to a bot, which becomes its only participant. */
export async function handBackToBot(ids: Ids, botId: string) {
  return asRequest(
    unwrap(
      await api.PUT('/{project_id}/requests/{request_id}/replace', {
        params: { path: pathOf(ids) },
        body: { id: botId },
      }),
    ),
  );
}

export async function close(ids: Ids) {
  return asRequest(
    unwrap(await api.PUT('/{project_id}/requests/{request_id}/close', { params: { path: pathOf(ids) }, body: {} })),
  );
}

export async function reopen(ids: Ids) {
  return asRequest(
    unwrap(await api.PUT('/{project_id}/requests/{request_id}/reopen', { params: { path: pathOf(ids) } })),
  );
}

/** The messages as CSV (the API's own export), as a file the browser saves. */
export async function downloadTranscript(ids: Ids): Promise<void> {
  const result = await api.GET('/{project_id}/requests/{request_id}/messages/csv', {
    params: { path: pathOf(ids) },
    parseAs: 'blob',
  });
  const blob = unwrap(result) as unknown as Blob;
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = `transcript-${ids.requestId}.csv`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}
