/**
 * The CSV dialect of Tiledesk's intent import/export: one intent per line,
 * `question;answer;intent_id;intent_display_name;webhook_enabled`, any single-character
 * delimiter, RFC 4180 quoting (a quoted field may contain the delimiter, newlines and "").
 */
import { errors } from '../../platform/errors.js';
import { csvLine, unguardCsvCell } from '../../platform/http/csv.js';

export const CSV_COLUMNS = ['question', 'answer', 'intent_id', 'intent_display_name', 'webhook_enabled'];

function checkDelimiter(delimiter: string): void {
  if ([...delimiter].length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
    throw errors.invalid(`Invalid CSV delimiter: ${JSON.stringify(delimiter)} (one character, not a quote)`);
  }
}

/** Parses the whole text; an unterminated quote is a 422 naming the line. */
export function parseCsv(text: string, delimiter: string): string[][] {
  checkDelimiter(delimiter);
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let quoteLine = 0;
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;

  for (let i = 0; i < source.length; i++) {
    const char = source[i];
    if (quoted) {
      if (char === '"' && source[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') {
        quoted = false;
      } else {
        if (char === '\n') line++;
        field += char;
      }
    } else if (char === '"' && field.trim() === '') {
      quoted = true;
      quoteLine = line;
      field = '';
    } else if (char === delimiter) {
      row.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && source[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      line++;
    } else {
      field += char;
    }
  }
  if (quoted) throw errors.invalid(`Parsing error: unterminated quoted field starting on line ${quoteLine}`);
  row.push(field);
  rows.push(row);
  return rows
    .map((cells) => cells.map((cell) => unguardCsvCell(cell.trim())))
    .filter((cells) => cells.some((cell) => cell !== ''));
}

/** The export: every field quoted and guarded against formulas (`parseCsv` undoes the guard). */
export function toCsv(rows: string[][], delimiter = ';'): string {
  return rows.map((cells) => csvLine(cells, { separator: delimiter })).join('');
}
