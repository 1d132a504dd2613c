/**
 * The renderings of a public transcript (./transcripts.ts): HTML, plain text, CSV and PDF, each
 * written as the messages are read, a batch at a time, so a long conversation never sits whole in
 * memory. Message texts and names come from visitors: the HTML escapes every one of them (and is
 * served with a policy that runs no script), the CSV goes through the one CSV writer and its
 * formula guard. A transcript cut at its limit says so in the output.
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import PDFDocument from 'pdfkit';
import { csvLine } from '../../platform/http/csv.js';
import type { Transcript, TranscriptLine } from './transcripts.js';

const TITLE = 'Chat transcript';

const truncationNote = (transcript: Transcript) =>
  `This transcript shows only the first ${transcript.limit} messages of the conversation.`;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
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
export const PDF_TEXT_LIMIT = 4000;
/** Messages laid out between two yields to the event loop. */
const PDF_SLICE = 20;

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
    .text(printable(line.senderFullname || 'Unknown'), left);
  doc.moveDown(0.2);
  doc.font('Helvetica').fontSize(10).fillColor('#334155').text(printable(line.text, PDF_TEXT_LIMIT), { width });
  doc.font('Helvetica').fontSize(8).fillColor('#64748b').text(printable(line.time), { width, align: 'right' });
}

/**
 * The PDF, as a stream that fills while the messages are read: a few messages are laid out at a
 * time, then the event loop gets a turn, so a long transcript never holds the server. Layout is
 * synchronous CPU work: the number of messages (the transcript's limit) and the characters of
 * each (PDF_TEXT_LIMIT) bound it.
 */
export function transcriptPdf(transcript: Transcript): PDFKit.PDFDocument {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 44, bottom: 44, left: 40, right: 40 },
    info: { Title: TITLE },
  });
  const write = async () => {
    doc.font('Helvetica-Bold').fontSize(20).fillColor('#0f172a').text(TITLE, { align: 'center' });
    doc.moveDown(1);
    let first = true;
    for await (const lines of transcript.lines) {
      for (let i = 0; i < lines.length; i += PDF_SLICE) {
        if (doc.destroyed) return;
        for (const line of lines.slice(i, i + PDF_SLICE)) {
          writeLine(doc, line, first);
          first = false;
        }
        await yieldToEventLoop();
      }
    }
    if (transcript.truncated) {
      doc.moveDown(1.5).font('Helvetica').fontSize(9).fillColor('#64748b');
      doc.text(truncationNote(transcript), { align: 'center' });
    }
    doc.end();
  };
  write().catch((error: unknown) => doc.destroy(error instanceof Error ? error : new Error(String(error))));
  return doc;
}
