/**
 * "Insert multiple messages" (POST /requests/:request_id/messages/multi): importing a history.
 *
 * Beyond Tiledesk: `attributes.clienttimestamp` (ms) becomes the message's createdAt; the batch
 * is one transaction and one COPY; messages carrying a client id (`attributes.client_message_id`,
 * or `<Idempotency-Key>:<index>`) are never stored twice, so a replay answers the same messages.
 * An import is history, not live traffic: it announces one request.update, and per-message
 * message.create events (bots, webhooks, realtime) only with `notify`.
 */
import type { Platform } from '../../platform/context.js';
import { errors } from '../../platform/errors.js';
import { json } from '../../platform/db/json.js';
import type { MessageRow, ProjectRow } from '../../platform/db/tables.js';
import { actorId } from '../../platform/auth/principal.js';
import type { RequestsService, Caller } from './requests.service.js';
import type { MessagesService, NewMessage } from './messages.service.js';
import { messageToWire, type MessageWire, type MultiMessageInput } from './messages.schema.js';

const MAX_TIMESTAMP = 8.64e15;
const MAX_CLIENT_ID = 200;

export interface ImportOptions {
  idempotencyKey?: string;
  notify: boolean;
}

/** The createdAt and client id an element asks for; 422 naming the element when unusable. */
function importKeys(item: MultiMessageInput, index: number, idempotencyKey?: string) {
  const timestamp = item.attributes?.clienttimestamp;
  if (
    timestamp !== undefined &&
    (typeof timestamp !== 'number' || !Number.isFinite(timestamp) || timestamp < 0 || timestamp > MAX_TIMESTAMP)
  ) {
    throw errors.invalid(`Message ${index}: attributes.clienttimestamp must be a time in milliseconds since 1970.`);
  }
  const given = item.attributes?.client_message_id;
  if (given !== undefined && (typeof given !== 'string' || given === '' || given.length > MAX_CLIENT_ID)) {
    throw errors.invalid(
      `Message ${index}: attributes.client_message_id must be a non-empty string of at most ${MAX_CLIENT_ID} characters.`,
    );
  }
  return {
    createdAt: timestamp === undefined ? undefined : new Date(Math.round(timestamp)),
    clientMessageId: (given as string | undefined) ?? (idempotencyKey ? `${idempotencyKey}:${index}` : undefined),
  };
}

const byTime = (a: MessageRow, b: MessageRow) =>
  a.created_at.getTime() - b.created_at.getTime() || a.id.localeCompare(b.id);

export function createMessageImport(
  platform: Platform,
  deps: { requests: RequestsService; messages: MessagesService },
) {
  const { transaction, config } = platform;
  const core = deps.requests.core;

  return {
    /** The stored messages in input order (replayed ones included), without their request. */
    importMessages(
      project: ProjectRow,
      caller: Caller,
      requestId: string,
      items: MultiMessageInput[],
      options: ImportOptions,
    ): Promise<MessageWire[]> {
      if (items.length > config.maxBatchMessages) {
        return Promise.reject(errors.batchTooLarge(items.length, config.maxBatchMessages));
      }
      if (options.idempotencyKey !== undefined && options.idempotencyKey.length > MAX_CLIENT_ID - 10) {
        return Promise.reject(errors.invalid('Idempotency-Key is too long.'));
      }
      const { principal } = caller;
      const tooLong = items.findIndex((item) => (item.text?.length ?? 0) > config.messageMaxTextLength);
      if (tooLong >= 0) {
        return Promise.reject(errors.textTooLong(`Message ${tooLong}: text`, config.messageMaxTextLength));
      }
      // Fields named one by one: an object spread here cost more than the rest of the loop.
      const inputs: NewMessage[] = items.map((item, index) => {
        const sender = item.sender || actorId(principal);
        const { createdAt, clientMessageId } = importKeys(item, index, options.idempotencyKey);
        return {
          createdAt,
          clientMessageId,
          sender,
          senderFullname: item.senderFullname || principal.fullName,
          recipient: requestId,
          text: item.text,
          type: item.type,
          language: item.language,
          channel: item.channel,
          status: item.status || 0,
          attributes: item.attributes,
          metadata: item.metadata,
          createdBy: sender,
        };
      });

      return transaction(async ({ emit }) => {
        const request = await core.mustFind(project.id, requestId, { forUpdate: true });
        const hadMessages = await deps.messages.hasAny(project.id, requestId);
        const { messages, inserted } = await deps.messages.addBatch(project.id, requestId, inputs);
        if (inserted.length > 0) {
          const latest = (await deps.messages.latest(project.id, requestId))!;
          const earliest = [...inserted].sort(byTime)[0]!; // inserted is not empty
          const firstText = hadMessages ? undefined : [...inserted].sort(byTime).find((m) => m.text)?.text;
          // The request's dates follow its history: last activity, and a start no later than the first message.
          const { wire } = await core.apply(emit, project, requestId, {
            attributes: json({ ...request.attributes, last_message: messageToWire(latest) }),
            last_message_at: latest.created_at,
            updated_at: latest.created_at,
            ...(firstText && { first_text: firstText }),
            ...(!hadMessages && earliest.created_at < request.created_at && { created_at: earliest.created_at }),
          });
          if (options.notify) {
            for (const message of [...inserted].sort(byTime))
              emit('message.create', project.id, messageToWire(message, wire));
          }
        }
        return messages.map((message) => messageToWire(message));
      });
    },
  };
}
