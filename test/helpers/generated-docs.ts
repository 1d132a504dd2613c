/**
 * A section of a document that a test generates (between two marker comments): the test fails
 * when the server no longer matches it, and `PARLEY_WRITE_DOCS=1` rewrites it after a deliberate
 * change. Tables compare whatever their column alignment, so a Markdown formatter may reflow them.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';

export function checkGeneratedSection(file: URL, begin: string, end: string, generated: string): void {
  const document = readFileSync(file, 'utf8');
  const start = document.indexOf(begin);
  const stop = document.indexOf(end);
  assert.ok(start >= 0 && stop > start, `${file.pathname} lost its generated markers`);
  if (process.env.PARLEY_WRITE_DOCS === '1') {
    writeFileSync(file, document.slice(0, start) + generated + document.slice(stop + end.length));
    return;
  }
  assert.equal(
    tableText(document.slice(start, stop + end.length)),
    tableText(generated),
    `the server no longer matches ${file.pathname}; rerun with PARLEY_WRITE_DOCS=1 after checking why`,
  );
}

/** The text of a Markdown table, however a formatter aligned its columns. */
function tableText(markdown: string): string {
  return markdown
    .split('\n')
    .map((line) =>
      line
        .trim()
        .replace(/\s*\|\s*/g, '|')
        .replace(/-{3,}/g, '---'),
    )
    .join('\n');
}
