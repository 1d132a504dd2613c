/**
 * Public transcripts: what GET /public/requests/:request_id/messages.{html,txt,csv,pdf} and the
 * messages-user.* variants render (Tiledesk's routes/public-request.js). Whoever knows a request
 * id may read its transcript, as the JSON one beside it (messages-public.routes.ts).
 *
 * Which messages, as Tiledesk chooses them:
 * - `raw` (messages.txt): every message;
 * - `conversation` (messages.html, .csv, .pdf): without an opening "welcome" or "/start" (the
 *   widget's trigger) and without the server's system messages;
 * - `user` (messages-user.*): without the system messages.
 * An unknown request (or one with nothing to show) is not found, except for `raw`, which answers
 * an empty transcript as Tiledesk's messages.txt does.
 *
 * Bounded: only the first `limit` messages are read, `BATCH` at a time, and the caller says so in
 * the output (`truncated`). Times are shown in `?tz=` (or `?timezone=`) when it names an IANA
 * zone, else the project's operating-hours zone, else UTC.
 */
import { errors } from '../../platform/errors.js';
import type { MessageRow } from '../../platform/db/tables.js';
import type { MessagesService } from './messages.service.js';
import type { RequestsCore } from './requests.core.js';
import { isTimeZone } from '../../platform/time-zones.js';

export type TranscriptSelection = 'raw' | 'conversation' | 'user';

export interface TranscriptLine {
  senderFullname: string;
  text: string;
  createdAt: Date;
  /** `createdAt` in the transcript's time zone: `YYYY-MM-DD HH:mm:ss <zone>`. */
  time: string;
}

export interface Transcript {
  /** More messages than `limit`: only the first `limit` were read. */
  truncated: boolean;
  limit: number;
  lines: AsyncIterable<TranscriptLine[]>;
}

const BATCH = 500;
const OPENERS = ['welcome', '/start'];

/** The zone of a project's operating hours (a JSON string with `tzname`), if it names one. */
function operatingHoursZone(operatingHours: string | null | undefined): string | undefined {
  if (!operatingHours) return undefined;
  try {
    const { tzname } = JSON.parse(operatingHours) as { tzname?: unknown };
    return typeof tzname === 'string' && isTimeZone(tzname.trim()) ? tzname.trim() : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `YYYY-MM-DD HH:mm:ss <zone>` as Tiledesk's transcripts write it (moment's abbreviations: CET,
 * EST; `GMT+3` where the zone has none).
 */
function instantFormatter(timeZone: string): (at: Date) => string {
  if (timeZone === 'UTC') return (at) => `${at.toISOString().slice(0, 10)} ${at.toISOString().slice(11, 19)} UTC`;
  const options = {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  } as const;
  const american = new Intl.DateTimeFormat('en-US', options);
  const british = new Intl.DateTimeFormat('en-GB', options);
  return (at) => {
    const parts = american.formatToParts(at);
    const get = (type: string, from = parts) => from.find((part) => part.type === type)?.value ?? '';
    let zone = get('timeZoneName');
    if (zone.startsWith('GMT')) zone = get('timeZoneName', british.formatToParts(at)) || zone;
    return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}:${get('second')} ${zone}`;
  };
}

export function createTranscripts(core: RequestsCore, messages: MessagesService) {
  async function timeZoneOf(projectId: string, asked: string | undefined): Promise<string> {
    const wanted = asked?.trim();
    if (wanted && isTimeZone(wanted)) return wanted;
    const project = await core.deps.projects.findLive(projectId);
    return operatingHoursZone(project?.operating_hours) ?? 'UTC';
  }

  async function* linesOf(
    projectId: string,
    requestId: string,
    selection: TranscriptSelection,
    limit: number,
    format: (at: Date) => string,
  ): AsyncGenerator<TranscriptLine[]> {
    let first = true;
    for await (const rows of messages.batches(projectId, requestId, { size: BATCH, max: limit })) {
      let kept: MessageRow[] = rows;
      if (selection === 'conversation' && first && OPENERS.includes(rows[0]?.text ?? '')) kept = kept.slice(1);
      if (selection !== 'raw') kept = kept.filter((m) => m.sender !== 'system');
      first = false;
      if (kept.length === 0) continue;
      yield kept.map((m) => ({
        senderFullname: m.sender_fullname ?? '',
        text: m.text ?? '',
        createdAt: m.created_at,
        time: format(m.created_at),
      }));
    }
  }

  return {
    /** The transcript of a request, or a 404 when there is nothing to show (see the top of the file). */
    async open(
      requestId: string,
      options: { selection: TranscriptSelection; limit: number; timeZone?: string },
    ): Promise<Transcript> {
      const { selection, limit } = options;
      const projectId = await core.projectOf(requestId);
      const empty: Transcript = { truncated: false, limit, lines: (async function* () {})() };
      if (!projectId) {
        if (selection === 'raw') return empty;
        throw errors.notFound('request', requestId);
      }
      const shown = await messages.hasAny(projectId, requestId, selection === 'user' ? 'system' : undefined);
      if (!shown) {
        if (selection === 'raw') return empty;
        throw errors.notFound('request', requestId);
      }
      const format = instantFormatter(await timeZoneOf(projectId, options.timeZone));
      return {
        truncated: (await messages.countUpTo(projectId, requestId, limit + 1)) > limit,
        limit,
        lines: linesOf(projectId, requestId, selection, limit, format),
      };
    },
  };
}
