/**
 * `/public/requests/:request_id/messages`: a conversation's transcript without authentication,
 * as Tiledesk serves it to its transcript pages. Whoever knows a request id can read it; the id
 * carries 128 random bits, which is what keeps this public route acceptable.
 *
 * Beside the JSON, the renderings Tiledesk's routes/public-request.js offers: `messages.html`,
 * `.txt`, `.csv`, `.pdf` and the `messages-user.*` variants (which messages each shows:
 * ./transcripts.ts; how: ./transcript-formats.ts). They are streamed as the messages are read and
 * cut at a limit they state in the output.
 */
import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../../app-context.js';
import { publicErrors } from '../../platform/http/error-responses.js';
import { MessageSchema, messageToWire } from './messages.schema.js';
import type { Transcript, TranscriptSelection } from './transcripts.js';
import { createPdfGate, transcriptCsv, transcriptHtml, transcriptPdf, transcriptText } from './transcript-formats.js';
import { errors } from '../../platform/errors.js';

/** Messages a text rendering (HTML, text, CSV) shows at most. */
const TEXT_LIMIT = 5000;
/** Messages a PDF lays out at most (layout costs far more CPU than text). */
const PDF_LIMIT = 500;
/** One PDF laid out at a time in this process, 16 more waiting their turn; beyond, 429. */
const pdfGate = createPdfGate(1, 16);

const Params = Type.Object({ request_id: Type.String({ minLength: 1 }) });
const TranscriptQuery = Type.Object({
  tz: Type.Optional(Type.String({ maxLength: 100, description: 'IANA time zone of the times shown.' })),
  timezone: Type.Optional(Type.String({ maxLength: 100, description: 'Same as `tz`.' })),
});

/** A file name from a request id (any text in a URL), safe in a header. */
function fileName(requestId: string, extension: string): string {
  return `${requestId.replace(/[^\x20-\x7e]|["\\]/g, '_')}.${extension}`;
}

interface Format {
  extension: 'html' | 'txt' | 'csv' | 'pdf';
  contentType: string;
  limit: number;
  send(reply: FastifyReply, transcript: Transcript, requestId: string): FastifyReply | Promise<FastifyReply>;
}

const attachment = (reply: FastifyReply, name: string) =>
  reply.header('content-disposition', `attachment; filename="${name}"`);

const FORMATS: Format[] = [
  {
    extension: 'html',
    contentType: 'text/html; charset=utf-8',
    limit: TEXT_LIMIT,
    // Visitors' text is escaped; the policy makes sure nothing on the page could run anyway.
    send: (reply, transcript) =>
      reply
        .header(
          'content-security-policy',
          "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'",
        )
        .header('referrer-policy', 'no-referrer')
        .send(Readable.from(transcriptHtml(transcript))),
  },
  {
    extension: 'txt',
    contentType: 'text/plain; charset=utf-8',
    limit: TEXT_LIMIT,
    send: (reply, transcript) => attachment(reply, 'transcript.txt').send(Readable.from(transcriptText(transcript))),
  },
  {
    extension: 'csv',
    contentType: 'text/csv; charset=utf-8',
    limit: TEXT_LIMIT,
    send: (reply, transcript, requestId) =>
      attachment(reply, fileName(requestId, 'csv')).send(Readable.from(transcriptCsv(transcript))),
  },
  {
    extension: 'pdf',
    contentType: 'application/pdf',
    limit: PDF_LIMIT,
    send: async (reply, transcript, requestId) => {
      const turn = pdfGate.reserve();
      if (!turn) throw errors.rateLimited(5);
      return attachment(reply, fileName(requestId, 'pdf')).send(await transcriptPdf(transcript, turn));
    },
  },
];

/** The URL of each rendering, with the messages it shows (Tiledesk's choice, see transcripts.ts). */
const TRANSCRIPT_PATHS = FORMATS.flatMap((format) => [
  {
    format,
    url: `/:request_id/messages.${format.extension}`,
    // Tiledesk's messages.txt shows every message; its HTML, CSV and PDF leave out the opener and
    // the system messages.
    selection: (format.extension === 'txt' ? 'raw' : 'conversation') as TranscriptSelection,
  },
  { format, url: `/:request_id/messages-user.${format.extension}`, selection: 'user' as TranscriptSelection },
]);

export function publicMessagesRoutes({ services }: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/:request_id/messages',
      {
        schema: {
          tags: ['messages'],
          security: [],
          params: Params,
          response: { 200: Type.Array(MessageSchema), ...publicErrors(429) },
        },
      },
      async (request) =>
        (await services.conversations.messages.transcript(request.params.request_id)).map((m) => messageToWire(m)),
    );

    for (const { format, url, selection } of TRANSCRIPT_PATHS) {
      app.get(
        url,
        {
          schema: {
            tags: ['messages'],
            security: [],
            description:
              `The transcript as ${format.extension.toUpperCase()} (${format.contentType}), at most ` +
              `${format.limit} messages. ` +
              (selection === 'user'
                ? 'Without the system messages; 404 when nothing else is left.'
                : selection === 'raw'
                  ? 'Every message; an unknown request gives an empty transcript.'
                  : 'Without an opening "welcome" or "/start" and the system messages; 404 for an unknown request.'),
            params: Params,
            querystring: TranscriptQuery,
            response: { 200: Type.String(), ...publicErrors(404, 429) },
          },
        },
        async (request, reply) => {
          const { request_id: requestId } = request.params;
          const transcript = await services.conversations.messages.openTranscript(requestId, {
            selection,
            limit: format.limit,
            timeZone: request.query.tz ?? request.query.timezone,
          });
          reply
            .type(format.contentType)
            .header('x-content-type-options', 'nosniff')
            .header('cache-control', 'no-store');
          return format.send(reply, transcript, requestId);
        },
      );
    }
  };
}
