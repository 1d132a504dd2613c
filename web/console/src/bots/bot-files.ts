/** Bot files in the browser: an export saved as a download, a chosen file read as text. */
import type { BotFile } from './bots-api';

/** A file name from the bot's name: letters, digits and dashes. */
function fileNameOf(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .replace(/\s+/g, '-')
    .toLowerCase();
  return `${slug || 'bot'}.json`;
}

export function downloadBotFile(name: string, file: BotFile): void {
  const blob = new Blob([JSON.stringify(file, null, 2)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileNameOf(name);
  link.click();
  // After the click has started the download.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** The chosen file's text, or undefined when none was chosen. */
export async function chosenFileText(input: HTMLInputElement): Promise<string | undefined> {
  const file = input.files?.[0];
  return file ? file.text() : undefined;
}
