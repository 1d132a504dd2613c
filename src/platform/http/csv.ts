/**
 * CSV as Tiledesk's exports write it (csv-express with `;` as separator): a header line, every
 * field quoted, quotes doubled. Objects are written as JSON, dates as ISO strings.
 */
export function toCsv(columns: string[], rows: Array<Record<string, unknown>>, separator = ';'): string {
  const lines = [columns.map(quote).join(separator)];
  for (const row of rows) lines.push(columns.map((column) => quote(cell(row[column]))).join(separator));
  return lines.join('\n') + '\n';
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function quote(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}
