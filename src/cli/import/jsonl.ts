/** Streams a JSON Lines file: each non-blank line with its 1-based number and byte size. */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

export interface Line {
  number: number;
  text: string;
  bytes: number;
}

export async function* readLines(file: string): AsyncGenerator<Line> {
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let number = 0;
  for await (const text of lines) {
    number++;
    const bytes = Buffer.byteLength(text, 'utf8') + 1;
    if (text.trim() === '') continue;
    yield { number, text, bytes };
  }
}
