/**
 * GET /:project_id/messages/csv: every message of the project (conversations and direct chats)
 * as CSV, Tiledesk's messagesRoot export without its channel, attributes and metadata. Written as
 * it is read, a batch at a time (one index range each), so memory stays flat whatever the size.
 */
import { csvLine } from '../../platform/http/csv.js';
import type { MessagesService } from './messages.service.js';
import { messageToWire, type MessageWire } from './messages.schema.js';

const COLUMNS = [
  '_id',
  'sender',
  'senderFullname',
  'recipient',
  'recipientFullname',
  'type',
  'channel_type',
  'text',
  'language',
  'id_project',
  'status',
  'createdBy',
  'createdAt',
  'updatedAt',
] as const satisfies ReadonlyArray<keyof MessageWire>;

const BATCH = 1000;

export async function* projectMessagesCsv(messages: MessagesService, projectId: string): AsyncGenerator<string> {
  yield csvLine([...COLUMNS]);
  for await (const rows of messages.projectBatches(projectId, BATCH)) {
    yield rows
      .map((row) => {
        const wire = messageToWire(row);
        return csvLine(COLUMNS.map((column) => wire[column]));
      })
      .join('');
  }
}
