/**
 * What the page shows, as a CSV file the browser downloads. The cells are written by the server's
 * own CSV writer (src/platform/http/csv.ts: quoting and the formula guard), bundled here, so an
 * export from the console reads like one from the API.
 */
import { toCsv } from '../../../../src/platform/http/csv';

export function downloadCsv(fileName: string, columns: string[], rows: Array<Record<string, unknown>>): void {
  // A byte order mark, so spreadsheets read the file as UTF-8 (accents in names, Italian headers).
  const blob = new Blob(['\uFEFF', toCsv(columns, rows)], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  // After the click has started the download.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
