/**
 * The append-only event log: every domain event, written in the transaction of the change that
 * emitted it (the unit of work does it for every transaction), so analytics, audit and replays
 * read one source that can never disagree with the data. Rows are never updated or deleted by the
 * server.
 */
import type { Connection } from '../db/unit-of-work.js';
import type { DomainEvent } from './event-bus.js';
import { json } from '../db/json.js';

export function createEventLog(connection: Connection) {
  return {
    async append(events: DomainEvent[]): Promise<void> {
      await connection()
        .insertInto('event_log')
        .values(
          events.map((event) => ({ project_id: event.projectId, name: event.name, payload: json(event.payload) })),
        )
        .execute();
    },
  };
}
