/**
 * "Someone is typing": the others' typing frames from the realtime topic
 * `/<project>/requests/<id>/typing` (our own ignored; a frame older than STALE_MS, or not renewed
 * within it, no longer counts), and ours posted to `POST /:project_id/requests/:id/typing` at
 * most every THROTTLE_MS while the agent types, with `false` once they send or leave the box.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api/client';
import { session } from '../session';
import { realtime } from '../realtime/connection';
import type { Frame } from '../../../shared/realtime';

const STALE_MS = 6000;
const THROTTLE_MS = 3000;

export interface Typist {
  sender: string;
  name: string;
  role: string;
}

export interface Typing {
  /** Who else is typing now. */
  others: Typist[];
  /** The composer's text changed. */
  changed(text: string): void;
  /** The agent sent, or left the composer. */
  stopped(): void;
}

interface TypingFrame {
  request_id: string;
  sender: string;
  sender_fullname?: string;
  role: string;
  typing: boolean;
  /** When the server received it, in ms since 1970. */
  at: number;
}

/** Typing is a hint: a failed post is not worth the agent's attention. */
function post(projectId: string, requestId: string, typing: boolean): void {
  api
    .POST('/{project_id}/requests/{request_id}/typing', {
      params: { path: { project_id: projectId, request_id: requestId } },
      body: { typing },
    })
    .catch(() => undefined);
}

export function useTyping(projectId: string, requestId: string): Typing {
  const [seen, setSeen] = useState(new Map<string, Typist & { until: number }>());
  const [, setTick] = useState(0);
  const lastPost = useRef(0);

  useEffect(() => {
    const me = session.value?.user.id;
    const stop = realtime().listen(`/${projectId}/requests/${requestId}/typing`, (frame: Frame) => {
      const typing = frame.message as TypingFrame | undefined;
      if (!typing || Array.isArray(typing) || typing.request_id !== requestId || typing.sender === me) return;
      const at = new Date(typing.at).getTime();
      if (Number.isNaN(at) || Date.now() - at > STALE_MS) return;
      setSeen((current) => {
        const next = new Map(current);
        if (typing.typing) {
          next.set(typing.sender, {
            sender: typing.sender,
            name: typing.sender_fullname || typing.sender,
            role: typing.role,
            until: Date.now() + STALE_MS,
          });
        } else {
          next.delete(typing.sender);
        }
        return next;
      });
    });
    // Expires typists whose frames stopped coming.
    const timer = setInterval(() => setTick((tick) => tick + 1), 1000);
    return () => {
      stop();
      clearInterval(timer);
      if (lastPost.current) post(projectId, requestId, false);
    };
  }, [projectId, requestId]);

  function stopped() {
    if (!lastPost.current) return;
    lastPost.current = 0;
    post(projectId, requestId, false);
  }

  function changed(text: string) {
    if (text.trim() === '') return stopped();
    if (Date.now() - lastPost.current < THROTTLE_MS) return;
    lastPost.current = Date.now();
    post(projectId, requestId, true);
  }

  const now = Date.now();
  const others = [...seen.values()].filter((typist) => typist.until > now);
  return { others, changed, stopped };
}
