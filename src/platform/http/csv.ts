/**
 * The one CSV writer of every export (requests, messages, leads, intents), in Tiledesk's dialect
 * (csv-express with `;` as separator): a header line, text fields quoted, quotes doubled. Objects
 * are written as JSON, dates as ISO strings.
 *
 * A spreadsheet runs a cell that starts with = + - @ (or a tab or CR) as a formula, so such text
 * gets a leading apostrophe and stays inert (CSV injection); text that already starts with
 * apostrophes before one of those gets one more, so `unguardCsvCell` undoes the guard exactly.
 */
export interface CsvDialect {
  /** Field separator (default `;`). */
  separator?: string;
  /** Line ending (default `\n`). */
  eol?: string;
  /** Numbers unquoted, as csv-express writes them (default: quoted like text). */
  bareNumbers?: boolean;
}

const FORMULA = /^'*[=+\-@\t\r]/;

/** The whole file: a header line of `columns`, then one line per row. */
export function toCsv(columns: string[], rows: Array<Record<string, unknown>>, dialect: CsvDialect = {}): string {
  let text = csvLine(columns, dialect);
  for (const row of rows)
    text += csvLine(
      columns.map((column) => row[column]),
      dialect,
    );
  return text;
}

/** One line (with its line ending) of values. */
export function csvLine(values: unknown[], dialect: CsvDialect = {}): string {
  const separator = dialect.separator ?? ';';
  return values.map((value) => csvCell(value, dialect)).join(separator) + (dialect.eol ?? '\n');
}

/** One field: empty for null/undefined, guarded and quoted text, numbers bare if the dialect says so. */
function csvCell(value: unknown, dialect: CsvDialect = {}): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' && dialect.bareNumbers) return String(value);
  const text =
    value instanceof Date ? value.toISOString() : typeof value === 'object' ? JSON.stringify(value) : String(value);
  const inert = FORMULA.test(text) ? `'${text}` : text;
  return `"${inert.replace(/"/g, '""')}"`;
}

/** The text a guarded cell stood for: the inverse of the guard, for files read back (intent imports). */
export function unguardCsvCell(text: string): string {
  return /^'+[=+\-@\t\r]/.test(text) ? text.slice(1) : text;
}
