/**
 * What an import run has finished, kept in a journal next to the input file so that a re-run
 * (after Ctrl-C, a kill or a network failure) skips finished conversations and reuses the
 * requesters it already created. The journal is append-only JSON Lines: a crash can at worst lose
 * its last line, and the server's idempotency (request ids, client message ids) covers that.
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';

type Entry = { requester: string; uuid: string } | { done: string; requestId: string; messages: number };

export class ImportState {
  private readonly requesters = new Map<string, string>();
  private readonly done = new Set<string>();

  constructor(private readonly path: string) {
    if (!existsSync(path)) return;
    for (const line of readFileSync(path, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      let entry: Entry;
      try {
        entry = JSON.parse(line);
      } catch {
        continue; // a torn last line from a killed run
      }
      if ('requester' in entry) this.requesters.set(entry.requester, entry.uuid);
      else this.done.add(entry.done);
    }
  }

  get file(): string {
    return this.path;
  }

  isDone(conversationId: string): boolean {
    return this.done.has(conversationId);
  }

  requesterUuid(externalId: string): string | undefined {
    return this.requesters.get(externalId);
  }

  recordRequester(externalId: string, uuid: string): void {
    this.requesters.set(externalId, uuid);
    this.append({ requester: externalId, uuid });
  }

  recordDone(conversationId: string, requestId: string, messages: number): void {
    this.done.add(conversationId);
    this.append({ done: conversationId, requestId, messages });
  }

  private append(entry: Entry): void {
    appendFileSync(this.path, JSON.stringify(entry) + '\n');
  }
}
