/**
 * The statuses of a request (Tiledesk's numbers): the one definition, shared as it is by the
 * server, which imports this file, and by the pages, which load it as /shared/request-status.js.
 * Plain JavaScript without imports so that both can; its type is in request-status.d.ts.
 */
export const REQUEST_STATUS = Object.freeze({
  /** Temporary (asked for by its creator): not routed, not in the inbox. */
  TEMP: 50,
  /** Waiting for an agent. */
  UNASSIGNED: 100,
  /** Every available agent abandoned it. */
  ABANDONED: 150,
  /** Served by an agent or a bot. */
  ASSIGNED: 200,
  SERVED: 300,
  CLOSED: 1000,
});
