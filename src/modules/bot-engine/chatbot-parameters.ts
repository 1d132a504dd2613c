/**
 * GET /:project_id/requests/:request_id/chatbot/parameters: the values a flow bot keeps for a
 * conversation (what tilebot's `/ext/reserved/parameters/requests/:id` answers the dashboard),
 * without the system ones every flow gets: Tiledesk's reserved names, names starting with `_`
 * or `support-group-`, and Parley's own `user_lang` (Tiledesk's `user_language`).
 */
import { errors } from '../../platform/errors.js';
import type { Attributes, ProjectRow } from '../../platform/db/tables.js';

const RESERVED = new Set([
  'chatbot_name',
  'chat_url',
  'user_city',
  'user_country',
  'department_id',
  'department_name',
  'user_id',
  'user_ip_address',
  'last_message_id',
  'last_user_text',
  'project_id',
  'conversation_id',
  'user_agent',
  'user_language',
  'user_lang',
  'user_source_page',
  'lastUserMessageType',
  'transcript',
  'lastUserMessage',
  'decodedCustomJWT',
  'lastUserImageURL',
  'lastUserImageName',
  'lastUserImageWidth',
  'lastUserImageHeight',
  'lastUserImageType',
  'lastUserDocumentURL',
  'lastUserDocumentName',
  'lastUserDocumentType',
  'ticketId',
  'chatChannel',
  'userLeadId',
  'lastUserText',
  'strongAuthenticated',
  'chatbotToken',
  'chatbot_jwt_token',
]);

/** The variables a person reading the conversation cares about: the flow's own. */
function userParameters(variables: Attributes): Attributes {
  return Object.fromEntries(
    Object.entries(variables).filter(
      ([name]) => !name.startsWith('_') && !name.startsWith('support-group-') && !RESERVED.has(name),
    ),
  );
}

export interface ChatbotParametersDeps {
  /** Whether the conversation exists in the project. */
  hasConversation(projectId: string, requestId: string): Promise<boolean>;
  findVariables(projectId: string, requestId: string): Promise<Attributes | undefined>;
}

/**
 * Tiledesk first checks that the id names this project (`support-group-<project>-...`, 401
 * otherwise), then answers `[]` for a conversation no flow has run in. Unlike Tiledesk, whose bot
 * server knows nothing of projects, an id unknown in the project is a 404.
 */
export async function chatbotParameters(
  deps: ChatbotParametersDeps,
  project: ProjectRow,
  requestId: string,
): Promise<Attributes | []> {
  if (requestId.split('-')[2] !== project.id) throw errors.requestOfAnotherProject();
  if (!(await deps.hasConversation(project.id, requestId))) throw errors.notFound('request', requestId);
  const variables = await deps.findVariables(project.id, requestId);
  return variables === undefined ? [] : userParameters(variables);
}
