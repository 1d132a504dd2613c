/** `parley import <file>`: implemented with the conversations import (issue 3). */
export async function runImportCommand(_args: string[]): Promise<number> {
  console.error('parley import: not available yet');
  return 1;
}
