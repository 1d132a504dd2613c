/**
 * What the Redis broker stores and sends: the Lua scripts that number, record and publish a
 * frame atomically, and the envelope format they produce.
 */
import type { Envelope, Method } from './realtime.protocol.js';

// A missing counter starts at Redis' clock in microseconds (see realtime.broker.ts). GET after
// INCR returns the number as a string: Lua would print a 16-digit number in exponent form.
const START_COUNTER = `
  local now = redis.call('TIME')
  return now[1] .. string.format('%06d', tonumber(now[2]))
`;
/** KEYS: counter, history. ARGV: channel, header, message, history size, history TTL, counter TTL. */
export const PUBLISH_SCRIPT = `
  local function start() ${START_COUNTER} end
  if not redis.call('GET', KEYS[1]) then redis.call('SET', KEYS[1], start()) end
  redis.call('INCR', KEYS[1])
  local envelope = redis.call('GET', KEYS[1]) .. '\\n' .. ARGV[2] .. '\\n' .. ARGV[3]
  redis.call('RPUSH', KEYS[2], envelope)
  redis.call('LTRIM', KEYS[2], -tonumber(ARGV[4]), -1)
  redis.call('EXPIRE', KEYS[1], ARGV[6])
  redis.call('EXPIRE', KEYS[2], ARGV[5])
  redis.call('PUBLISH', ARGV[1], envelope)
`;
/**
 * Consumes the topic's next number for frames this instance dropped before they were numbered,
 * and announces it: no frame will ever have that number, so every instance watching the topic,
 * and every replay across it, sees a hole. KEYS: counter. ARGV: channel, gap header, counter TTL.
 */
export const GAP_SCRIPT = `
  local function start() ${START_COUNTER} end
  if not redis.call('GET', KEYS[1]) then redis.call('SET', KEYS[1], start()) end
  redis.call('INCR', KEYS[1])
  redis.call('EXPIRE', KEYS[1], ARGV[3])
  redis.call('PUBLISH', ARGV[1], redis.call('GET', KEYS[1]) .. '\\n' .. ARGV[2] .. '\\n')
`;
/** The topic's current number, starting its counter if needed. KEYS: counter. ARGV: counter TTL. */
export const POSITION_SCRIPT = `
  local function start() ${START_COUNTER} end
  local seq = redis.call('GET', KEYS[1])
  if not seq then
    seq = start()
    redis.call('SET', KEYS[1], seq, 'EX', ARGV[1])
  end
  return seq
`;

export function encodeHeader(topic: string, method: Method): string {
  return JSON.stringify([topic, method]);
}

/** A number consumed by the gap script: the frames of `topic` before it were dropped. */
export interface Gap {
  topic: string;
  seq: number;
  lost: true;
}

/** The header of a gap: the topic alone. */
export function encodeGapHeader(topic: string): string {
  return JSON.stringify([topic]);
}

/**
 * `<seq>\n["<topic>","<method>"]\n<message JSON>`, as the publish script stores and sends it, or
 * `<seq>\n["<topic>"]\n`, a gap as the gap script sends it (never stored).
 */
export function decodeFrame(raw: string): Envelope | Gap | undefined {
  const first = raw.indexOf('\n');
  const second = raw.indexOf('\n', first + 1);
  if (first < 0 || second < 0) return undefined;
  try {
    const [topic, method] = JSON.parse(raw.slice(first + 1, second)) as [string, Method | undefined];
    const seq = Number(raw.slice(0, first));
    if (method === undefined) return { topic, seq, lost: true };
    return { seq, topic, method, message: raw.slice(second + 1) };
  } catch {
    return undefined;
  }
}

export function decodeEnvelope(raw: string): Envelope | undefined {
  const frame = decodeFrame(raw);
  return frame && 'lost' in frame ? undefined : frame;
}
