/**
 * What an import run has finished, kept in a journal next to the input file so that a re-run
 * (after Ctrl-C, a kill or a network failure) skips finished conversations and reuses the
 * requesters it already created. The journal is append-only JSON Lines: a crash can at worst lose
 * its last line, and the server covers that (request ids, client message ids, and a request's own
 * requester, read back from the server). Its first line names the project (a journal is never
 * applied to an import into another project) and holds the secret the request ids are derived
 * from (see requestIdFor), so a resumed run finds the requests an earlier one created.
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';

type Entry =
  | { project: string; idKey?: string }
  | { idKey: string }
  | { requester: string; uuid: string }
  | { done: string; requestId: string; messages: number };

class JournalMismatchError extends Error {}

export class ImportState {
  private readonly requesters = new Map<string, string>();
  private readonly done = new Set<string>();
  /** The secret request ids are derived from: the journal's, else the one given, else a new random one. */
  readonly idKey: string;

  /** `idKey`: a secret given by the user (--id-key); it must match the journal's, if it has one. */
  constructor(
    private readonly path: string,
    projectId: string,
    idKey?: string,
  ) {
    let project: string | undefined;
    let recorded: string | undefined;
    if (existsSync(path)) {
      for (const line of readFileSync(path, 'utf8').split('\n')) {
        if (!line.trim()) continue;
        let entry: Entry;
        try {
          entry = JSON.parse(line);
        } catch {
          continue; // a torn last line from a killed run
        }
        if ('project' in entry) project ??= entry.project;
        if ('idKey' in entry) recorded ??= entry.idKey;
        if ('project' in entry || 'idKey' in entry) continue;
        if ('requester' in entry) this.requesters.set(entry.requester, entry.uuid);
        else if ('done' in entry) this.done.add(entry.done);
      }
    }
    if (project !== undefined && project !== projectId) {
      throw new JournalMismatchError(
        `the journal ${path} records an import into project ${project}, not ${projectId}; ` +
          'pass --state <another file> (or delete it if that import is no longer wanted)',
      );
    }
    if (recorded !== undefined && idKey !== undefined && recorded !== idKey) {
      throw new JournalMismatchError(
        `the journal ${path} was written with another --id-key; pass the same one, or none to use the journal's`,
      );
    }
    this.idKey = recorded ?? idKey ?? randomBytes(32).toString('base64url');
    if (project === undefined) this.append({ project: projectId, idKey: this.idKey });
    else if (recorded === undefined) this.append({ idKey: this.idKey });
  }

  isDone(conversationId: string): boolean {
    return this.done.has(conversationId);
  }

  requesterUuid(externalId: string): string | undefined {
    return this.requesters.get(externalId);
  }

  recordRequester(externalId: string, uuid: string): void {
    if (this.requesters.get(externalId) === uuid) return;
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
