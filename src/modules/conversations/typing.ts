/**
 * "Someone is typing", both ways (beyond Tiledesk, whose chat engine carries it outside the
 * server). A live signal only: never stored, no webhook, no event log, no trigger; it goes
 * straight to this process's listeners (the realtime topic `/<project>/requests/<id>/typing`).
 *
 * Whoever may follow the conversation live may signal in it (the visitor theirs, the team those
 * they see). A typist repeating the same state within TYPING_REPEAT_MS publishes nothing again,
 * so a client that signals on every keystroke costs one frame per few seconds; the memory of who
 * signalled is bounded.
 */
import type { Platform } from '../../platform/context.js';
import type { ProjectRow } from '../../platform/db/tables.js';
import { errors } from '../../platform/errors.js';
import { actorId } from '../../platform/auth/principal.js';
import { isVisitor } from '../../platform/auth/policies.js';
import type { Caller } from './requests-create.js';
import { TYPING_EVENT, type TypingSignal } from './typing.schema.js';

/** A client repeats `typing: true` every few seconds while typing; a frame older than this is stale. */
const TYPING_REPEAT_MS = 3000;
const MAX_TYPISTS = 10_000;

export function createTyping(
  { events }: Platform,
  canFollow: (project: ProjectRow, caller: Caller, requestId: string) => Promise<boolean>,
) {
  /** `<project> <request> <sender>` -> the state last published and when. */
  const published = new Map<string, { typing: boolean; at: number }>();

  function remember(key: string, typing: boolean, at: number): void {
    published.delete(key);
    published.set(key, { typing, at });
    // Oldest first (insertion order): past the bound, forget the oldest typists.
    for (const oldest of published.keys()) {
      if (published.size <= MAX_TYPISTS) break;
      published.delete(oldest);
    }
  }

  return async function signalTyping(
    project: ProjectRow,
    caller: Caller,
    requestId: string,
    typing: boolean,
  ): Promise<TypingSignal> {
    if (!(await canFollow(project, caller, requestId))) throw errors.notFound('request', requestId);
    const { principal } = caller;
    const signal: TypingSignal = {
      request_id: requestId,
      sender: actorId(principal),
      sender_fullname: principal.fullName,
      role: isVisitor(caller) ? 'visitor' : principal.kind === 'bot' ? 'bot' : 'agent',
      typing,
      at: Date.now(),
    };
    const key = `${project.id} ${requestId} ${signal.sender}`;
    const last = published.get(key);
    if (last?.typing === typing && signal.at - last.at < TYPING_REPEAT_MS) return signal;
    remember(key, typing, signal.at);
    events.publish([{ name: TYPING_EVENT, projectId: project.id, payload: signal, context: { ephemeral: true } }]);
    return signal;
  };
}
