/**
 * The renderings of a public transcript (./transcripts.ts): HTML, plain text, CSV and PDF, each
 * written as the messages are read, a batch at a time, so a long conversation never sits whole in
 * memory. Message texts and names come from visitors: the HTML escapes every one of them (and is
 * served with a policy that runs no script), the CSV goes through the one CSV writer and its
 * formula guard. A transcript cut at its limit says so in the output.
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { csvLine } from '../../platform/http/csv.js';
import type { Transcript, TranscriptLine } from './transcripts.js';

const TITLE = 'Chat transcript';

const truncationNote = (transcript: Transcript) =>
  `This transcript shows only the first ${transcript.limit} messages of the conversation.`;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char]!);
}

const STYLE = `
body{margin:0;background:#f8fafc;color:#0f172a;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{max-width:760px;margin:0 auto;padding:24px 16px}
h1{font-size:22px;text-align:center;margin:8px 0 20px}
.note{background:#fef3c7;border-radius:6px;padding:8px 12px}
ol{list-style:none;margin:0;padding:0}
li{background:#fff;border:1px solid #e2e8f0;border-radius:8px;padding:10px 14px;margin:0 0 10px}
.sender{font-weight:600}
.text{white-space:pre-wrap;overflow-wrap:anywhere;margin:4px 0}
time{display:block;text-align:right;font-size:12px;color:#64748b}`;

/** The HTML page: every text escaped, nothing that runs. */
export async function* transcriptHtml(transcript: Transcript): AsyncGenerator<string> {
  const note = transcript.truncated ? `<p class="note">${escapeHtml(truncationNote(transcript))}</p>\n` : '';
  yield (
    '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">\n<meta name="robots" content="noindex">\n' +
    `<title>${TITLE}</title>\n<style>${STYLE}\n</style>\n</head>\n<body>\n<main>\n<h1>${TITLE}</h1>\n${note}<ol>\n`
  );
  for await (const lines of transcript.lines) {
    yield lines
      .map(
        (line) =>
          `<li><div class="sender">${escapeHtml(line.senderFullname || 'Unknown')}</div>` +
          `<div class="text">${escapeHtml(line.text)}</div>` +
          `<time datetime="${line.createdAt.toISOString()}">${escapeHtml(line.time)}</time></li>\n`,
      )
      .join('');
  }
  yield `</ol>\n${note}</main>\n</body>\n</html>\n`;
}

/** Tiledesk's text transcript: `[ <time>] <name>: <text>` per message. */
export async function* transcriptText(transcript: Transcript): AsyncGenerator<string> {
  yield 'Chat transcript:\n';
  for await (const lines of transcript.lines) {
    yield lines.map((line) => `[ ${line.time}] ${line.senderFullname}: ${line.text}\n`).join('');
  }
  if (transcript.truncated) yield `[${truncationNote(transcript)}]\n`;
}

const CSV_COLUMNS = ['createdAt', 'senderFullname', 'text'];

/** createdAt (the shown time), senderFullname, text; a cut transcript ends with a row saying so. */
export async function* transcriptCsv(transcript: Transcript): AsyncGenerator<string> {
  yield csvLine(CSV_COLUMNS);
  for await (const lines of transcript.lines) {
    yield lines.map((line) => csvLine([line.time, line.senderFullname, line.text])).join('');
  }
  if (transcript.truncated) yield csvLine(['', '', truncationNote(transcript)]);
}

// --- PDF -----------------------------------------------------------------------------------------

/** Characters of PDF's standard fonts (WinAnsi); the others print as "?". */
const NOT_WIN_ANSI =
  /[^\n\x20-\x7e\xa0-\xff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]/gu;

/** Characters of one message's text a PDF lays out, at most. */
const PDF_TEXT_LIMIT = 2000;
/** Characters laid out between two turns of the event loop (some 15 ms of layout). */
const PDF_SLICE_CHARACTERS = 4000;
/** Characters of a name a PDF shows, at most. */
const PDF_NAME_LIMIT = 200;

function printable(text: string, limit = Infinity): string {
  const cut = text.length > limit ? `${text.slice(0, limit)}… [cut]` : text;
  return cut.replace(/\r\n?/g, '\n').replace(/\t/g, '    ').replace(NOT_WIN_ANSI, '?');
}

function writeLine(doc: PDFKit.PDFDocument, line: TranscriptLine, first: boolean): void {
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  if (!first) {
    doc.moveDown(0.4);
    doc
      .moveTo(left, doc.y)
      .lineTo(left + width, doc.y)
      .lineWidth(0.5)
      .strokeColor('#e2e8f0')
      .stroke();
    doc.moveDown(0.6);
  }
  doc
    .font('Helvetica-Bold')
    .fontSize(11)
    .fillColor('#0f172a')
    .text(printable(line.senderFullname || 'Unknown', PDF_NAME_LIMIT), left);
  doc.moveDown(0.2);
  doc.font('Helvetica').fontSize(10).fillColor('#334155').text(printable(line.text, PDF_TEXT_LIMIT), { width });
  doc.font('Helvetica').fontSize(8).fillColor('#64748b').text(printable(line.time), { width, align: 'right' });
}

/**
 * Turns to lay out a PDF: `reserve()` resolves when it is the caller's turn (with the release to
 * call when done), or is undefined when `waiting` callers already wait (the route answers 429).
 * Layout is CPU work a stranger can ask for; one gate per process keeps it to `running` at once
 * however many ask.
 */
export function createPdfGate(running: number, waiting: number) {
  let busy = 0;
  const queue: Array<() => void> = [];
  const release = () => {
    const next = queue.shift();
    if (next) next();
    else busy--;
  };
  const turn = () => {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      release();
    };
  };
  return {
    reserve(): Promise<() => void> | undefined {
      if (busy < running) {
        busy++;
        return Promise.resolve(turn());
      }
      if (queue.length >= waiting) return undefined;
      return new Promise((resolve) => queue.push(() => resolve(turn())));
    },
  };
}

/**
 * The PDF, as a stream that fills while the messages are read, once `turn` (a PdfGate's) comes:
 * a slice of messages is laid out, then the event loop gets a turn, so a long transcript never
 * holds the server. Layout is synchronous CPU work: the transcript's limit, PDF_TEXT_LIMIT and the
 * gate bound it. The document stays in memory until sent (pdfkit does not wait for a slow
 * reader); the same limits bound its size (well under a megabyte per thousand short messages).
 */
export async function transcriptPdf(transcript: Transcript, turn: Promise<() => void>): Promise<PDFKit.PDFDocument> {
  // Loaded on the first PDF: pdfkit and its fonts cost a tenth of a second of every start.
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 44, bottom: 44, left: 40, right: 40 },
    info: { Title: TITLE },
  });
  const write = async () => {
    doc.font('Helvetica-Bold').fontSize(20).fillColor('#0f172a').text(TITLE, { align: 'center' });
    doc.moveDown(1);
    let first = true;
    let laidOut = 0;
    for await (const lines of transcript.lines) {
      for (const line of lines) {
        if (doc.destroyed) return;
        writeLine(doc, line, first);
        first = false;
        laidOut += Math.min(line.text.length, PDF_TEXT_LIMIT) + 100;
        if (laidOut >= PDF_SLICE_CHARACTERS) {
          laidOut = 0;
          await yieldToEventLoop();
        }
      }
    }
    if (transcript.truncated) {
      doc.moveDown(1.5).font('Helvetica').fontSize(9).fillColor('#64748b');
      doc.text(truncationNote(transcript), { align: 'center' });
    }
    doc.end();
  };
  void turn.then(async (release) => {
    try {
      if (!doc.destroyed) await write();
    } catch (error) {
      doc.destroy(error instanceof Error ? error : new Error(String(error)));
    } finally {
      release();
    }
  });
  return doc;
}
