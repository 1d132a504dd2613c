/**
 * Posting the visitor's messages. The first message to a new request id starts the conversation:
 * it carries what the chat knows of the visitor (the site's `setUser`, the pre-chat or offline
 * form), which becomes the conversation's lead, the chosen department and the page they are on.
 */
import { api, unwrap } from './api';
import { emit } from './embed';
import { projectId } from './project';
import { hostAttributes, hostPage, hostUser } from './session';
import { signedIn } from './sign-in';
import type { Message } from './types';

export interface Outgoing {
  text: string;
  type?: 'text' | 'image' | 'file';
  metadata?: Record<string, unknown>;
  attributes?: Record<string, unknown>;
}

/** What the visitor said about themselves before the first message. */
export interface Introduction {
  name?: string;
  email?: string;
  departmentId?: string;
}

export async function sendMessage(requestId: string, message: Outgoing, first?: Introduction): Promise<Message> {
  if (!projectId) throw new Error('no project');
  await signedIn();
  const name = first?.name || hostUser.value.name;
  const email = first?.email || hostUser.value.email;
  const attributes = {
    ...(first && hostAttributes.value),
    ...(first && name && { userFullname: name }),
    ...(first && email && { userEmail: email }),
    ...message.attributes,
  };
  const sent = unwrap(
    await api.POST('/{project_id}/requests/{request_id}/messages', {
      params: { path: { project_id: projectId, request_id: requestId } },
      body: {
        text: message.text,
        type: message.type ?? 'text',
        ...(message.metadata && { metadata: message.metadata }),
        ...(Object.keys(attributes).length > 0 && { attributes }),
        ...(first && {
          ...(name && { senderFullname: name }),
          ...(email && { email }),
          ...(first.departmentId && { departmentid: first.departmentId }),
          ...(hostPage.value && { sourcePage: hostPage.value.url }),
          userAgent: navigator.userAgent,
        }),
      },
    }),
  );
  if (first) emit('conversationStarted', { requestId });
  emit('messageSent', { requestId, text: message.text });
  return sent as unknown as Message;
}

export function postTyping(requestId: string, typing: boolean): void {
  if (!projectId) return;
  api
    .POST('/{project_id}/requests/{request_id}/typing', {
      params: { path: { project_id: projectId, request_id: requestId } },
      body: { typing },
    })
    // A typing sign is a hint: a failed one is not worth the visitor's attention.
    .catch(() => undefined);
}
