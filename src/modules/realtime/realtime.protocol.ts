/**
 * The WebSocket wire protocol: Tiledesk's frames (subscribe, unsubscribe, heartbeat, publish),
 * plus what clients need to never lose an event: `seq` in every publish frame, `since` on
 * subscribe, and two frames of our own, `resync` and `error`. See docs/architecture.md.
 */
import { textProblem } from '../../platform/text.js';

export type Method = 'CREATE' | 'UPDATE';

/**
 * A frame published on a topic, as brokers carry and store it. The message stays JSON text so an
 * event is serialized once, not once per subscriber.
 */
export interface Envelope {
  topic: string;
  /** Per-topic sequence number: strictly increasing, not contiguous for a given client. */
  seq: number;
  method: Method;
  message: string;
}

export type ClientFrame =
  | { action: 'subscribe'; topic: string; since?: number }
  | { action: 'unsubscribe'; topic: string }
  | { action: 'heartbeat'; text: unknown };

export type ErrorCode =
  | 'bad_frame'
  | 'unknown_action'
  | 'bad_topic'
  | 'forbidden'
  | 'not_found'
  | 'too_many_subscriptions'
  | 'busy'
  | 'revoked'
  | 'internal';

export type ResyncReason = 'too_far_behind' | 'history_gone' | 'unknown_seq' | 'unavailable' | 'frames_lost';

export interface FrameError {
  error: ErrorCode;
  message: string;
  topic?: string;
}

const MAX_TOPIC_LENGTH = 512;

/** Parses a client text frame; anything malformed becomes a FrameError, never an exception. */
export function parseClientFrame(text: string): ClientFrame | FrameError {
  let frame: unknown;
  try {
    frame = JSON.parse(text);
  } catch {
    return { error: 'bad_frame', message: 'Frames must be JSON objects.' };
  }
  if (!isObject(frame) || typeof frame.action !== 'string') {
    return { error: 'bad_frame', message: 'A frame needs a string "action".' };
  }
  const payload = isObject(frame.payload) ? frame.payload : {};
  switch (frame.action) {
    case 'heartbeat':
      return { action: 'heartbeat', text: isObject(payload.message) ? payload.message.text : undefined };
    case 'subscribe':
    case 'unsubscribe': {
      const topic = payload.topic;
      if (typeof topic !== 'string' || !topic.startsWith('/') || topic.length > MAX_TOPIC_LENGTH) {
        return {
          error: 'bad_topic',
          message: `"payload.topic" must be a path of at most ${MAX_TOPIC_LENGTH} characters.`,
        };
      }
      const problem = textProblem(topic);
      if (problem) return { error: 'bad_topic', message: `"payload.topic" ${problem}.` };
      if (frame.action === 'unsubscribe') return { action: 'unsubscribe', topic };
      const since = payload.since;
      if (since === undefined || since === null) return { action: 'subscribe', topic };
      if (typeof since !== 'number' || !Number.isSafeInteger(since) || since < 0) {
        return { error: 'bad_frame', message: '"payload.since" must be a sequence number.', topic };
      }
      return { action: 'subscribe', topic, since };
    }
    default:
      return { error: 'unknown_action', message: `Unknown action: ${frame.action.slice(0, 64)}` };
  }
}

export function isFrameError(frame: ClientFrame | FrameError): frame is FrameError {
  return 'error' in frame;
}

/** Server frames, built as strings: a publish frame embeds the message JSON without re-encoding it. */
export const serverFrames = {
  publish(topic: string, method: Method, message: string, seq: number | undefined): string {
    const position = seq === undefined ? '' : `,"seq":${seq}`;
    return `{"action":"publish","payload":{"topic":${JSON.stringify(topic)},"method":"${method}","message":${message}${position}}}`;
  },
  resync(topic: string, reason: ResyncReason): string {
    return JSON.stringify({ action: 'resync', payload: { topic, reason } });
  },
  error({ error, message, topic }: FrameError): string {
    return JSON.stringify({
      action: 'error',
      payload: { code: error, message, ...(topic !== undefined && { topic }) },
    });
  },
  pong: JSON.stringify({ action: 'heartbeat', payload: { message: { text: 'pong' } } }),
};

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
