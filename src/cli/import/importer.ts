/**
 * Imports conversations from a JSON Lines file through the public API (./conversation.ts does one
 * conversation): checks the server, credentials and departments first, then streams the file,
 * `concurrency` conversations at a time. Every step is idempotent, so a re-run after any
 * interruption completes the job without duplicating anything; the journal saves work.
 */
import { ApiClient, describeFailure, ServerUnavailableError } from './api-client.js';
import { createConversationImporter, FatalImportError } from './conversation.js';
import { parseConversationLine } from './format.js';
import { readLines } from './jsonl.js';
import { Progress, type ProgressCounts } from './progress.js';
import { ImportState } from './state.js';

export interface ImportOptions {
  file: string;
  baseUrl: string;
  projectId: string;
  authorization: string;
  batchSize: number;
  concurrency: number;
  retries: number;
  statePath: string;
  /** The secret request ids derive from, when given (--id-key); else the journal's, else a new one. */
  idKey?: string;
  totalLines: number;
  totalBytes: number;
  signal: AbortSignal;
}

export interface Rejection {
  line: number;
  conversationId?: string;
  reasons: string[];
}

export interface ImportSummary extends ProgressCounts {
  rejections: Rejection[];
  /** Set when the run stopped early (interrupted, or the server stayed unreachable). */
  stoppedBecause?: string;
}

/** Who may import (owners and admins: closing needs them), as which user; and the project's departments. */
async function preflight(
  api: ApiClient,
  projectId: string,
): Promise<{ importerId: string; departments: Map<string, string> }> {
  const me = await api.call('GET', `/${projectId}/project_users/me`);
  if (me.status === 401) throw new FatalImportError(`authentication failed: ${describeFailure(me)}`);
  if (me.status !== 200) throw new FatalImportError(`project ${projectId}: ${describeFailure(me)}`);
  const membership = Array.isArray(me.body) ? me.body[0] : me.body;
  const role = membership?.role;
  if (role !== 'owner' && role !== 'admin') {
    throw new FatalImportError(`importing needs an owner or admin of project ${projectId} (this account is ${role})`);
  }
  const user = membership.id_user;
  const importerId = typeof user === 'string' ? user : user?._id;
  if (typeof importerId !== 'string') throw new FatalImportError('the server did not say who this account is');
  const list = await api.call('GET', `/${projectId}/departments/allstatus`);
  if (list.status !== 200) throw new FatalImportError(`departments: ${describeFailure(list)}`);
  const departments = new Map<string, string>();
  for (const department of list.body as Array<{ _id: string; name: string }>) {
    departments.set(department.name, department._id);
  }
  for (const department of list.body as Array<{ _id: string }>) departments.set(department._id, department._id);
  return { importerId, departments };
}

export async function runImport(options: ImportOptions): Promise<ImportSummary> {
  const summary: ImportSummary = {
    conversations: 0,
    skipped: 0,
    rejected: 0,
    messages: 0,
    bytesDone: 0,
    rejections: [],
  };
  const api = new ApiClient({
    baseUrl: options.baseUrl,
    authorization: options.authorization,
    retries: options.retries,
    signal: options.signal,
  });
  let checked: Awaited<ReturnType<typeof preflight>>;
  let state: ImportState;
  try {
    checked = await preflight(api, options.projectId);
    state = new ImportState(options.statePath, options.projectId, options.idKey);
  } catch (error) {
    if (options.signal.aborted) return { ...summary, stoppedBecause: 'interrupted' };
    return { ...summary, stoppedBecause: (error as Error).message };
  }

  const progress = new Progress(options.totalLines, options.totalBytes);
  const importConversation = createConversationImporter({
    api,
    state,
    projectId: options.projectId,
    importerId: checked.importerId,
    batchSize: options.batchSize,
    departments: checked.departments,
    onMessages(count) {
      summary.messages += count;
      progress.update(summary);
    },
  });
  const reject = (line: number, reasons: string[], conversationId?: string) => {
    summary.rejected++;
    summary.rejections.push({ line, conversationId, reasons });
  };

  const seen = new Map<string, number>();
  const inFlight = new Set<Promise<void>>();
  let fatal: Error | undefined;

  for await (const line of readLines(options.file)) {
    if (options.signal.aborted || fatal) break;
    const parsed = parseConversationLine(line.text);
    const conversation = 'conversation' in parsed ? parsed.conversation : undefined;
    const firstLine = conversation && seen.get(conversation.id);
    const problems =
      'problems' in parsed
        ? parsed.problems
        : firstLine
          ? [`conversation id "${conversation!.id}" already appears on line ${firstLine}`]
          : conversation!.department && !checked.departments.has(conversation!.department)
            ? [`no department "${conversation!.department}" in this project`]
            : [];
    if (conversation && !firstLine) seen.set(conversation.id, line.number);
    if (problems.length > 0 || !conversation || state.isDone(conversation.id)) {
      if (problems.length > 0) reject(line.number, problems, 'id' in parsed ? parsed.id : conversation?.id);
      else summary.skipped++;
      summary.bytesDone += line.bytes;
      progress.update(summary);
      continue;
    }
    const task = importConversation(conversation)
      .then(() => {
        summary.conversations++;
      })
      .catch((error: Error) => {
        if (error instanceof ServerUnavailableError || error instanceof FatalImportError || options.signal.aborted)
          fatal ??= error;
        else reject(line.number, [error.message], conversation.id);
      })
      .finally(() => {
        summary.bytesDone += line.bytes;
        progress.update(summary);
        inFlight.delete(task);
      });
    inFlight.add(task);
    if (inFlight.size >= options.concurrency) await Promise.race(inFlight);
  }
  await Promise.allSettled([...inFlight]);
  progress.finish(summary);

  summary.rejections.sort((a, b) => a.line - b.line);
  if (options.signal.aborted) summary.stoppedBecause = 'interrupted';
  else if (fatal) summary.stoppedBecause = fatal.message;
  return summary;
}
