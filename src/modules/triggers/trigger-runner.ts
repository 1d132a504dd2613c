/**
 * When triggers run. A staging hook sees the events of every transaction before it commits:
 * - `project.create`: the new project gets Tiledesk's default triggers, in the same transaction;
 * - `request.create`, a visitor's `message.create` (Tiledesk's `message.create.from.requester`)
 *   and `event.emit`: the project's enabled triggers for that event are evaluated against the
 *   event's document (plus `isOpen`, the office hours now), in memory, and each match queues one
 *   durable job, committed with the change that caused it.
 * The job runs the trigger's actions after the commit, each on its own: an action that fails is
 * recorded in the project's failure log and the next one runs. A trigger never blocks or rolls
 * back the conversation it reacts to, and runs at most once per event (one attempt: a retry could
 * say the same greeting twice).
 *
 * Loops: a trigger's actions may cause events that fire triggers (Tiledesk's `new_conversation`
 * opens a conversation, whose `request.create` sends the greeting). The depth of that chain
 * travels with the jobs; events caused at MAX_DEPTH fire nothing, and that is logged as a failure
 * of the trigger that would have run. So a stranger's event causes at most MAX_DEPTH levels of
 * at most MAX_TRIGGERS_PER_PROJECT triggers of MAX_ACTIONS actions.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Platform } from '../../platform/context.js';
import type { DomainEvent, StagingHook } from '../../platform/events/event-bus.js';
import type { JobHandler } from '../../platform/jobs/job-queue.js';
import type { JobRow, ProjectRow, TriggerRow } from '../../platform/db/tables.js';
import { createTriggersRepo } from './triggers.repo.js';
import { createTriggerActions, type ActionDeps, type TriggerRun } from './trigger-actions.js';
import { matches, reads } from './trigger-rules.js';
import type { TriggersService } from './triggers.service.js';
import type { TriggerEvent } from './triggers.schema.js';

export const TRIGGER_JOB = 'trigger.run';
/** Levels of triggers one outside event may set off (event -> trigger -> its event -> trigger). */
export const MAX_DEPTH = 2;

export interface TriggerRunnerDeps extends ActionDeps {
  triggers: TriggersService;
  findProject(id: string): Promise<ProjectRow | undefined>;
  isOpen(project: ProjectRow): boolean;
}

/** An event as triggers see it. */
interface Occurrence {
  event: TriggerEvent;
  projectId: string;
  document: Record<string, unknown>;
  requestId?: string;
}

/** Tiledesk's rule: a message is the requester's when its sender is the request's lead. */
function fromRequester(message: Record<string, unknown>): boolean {
  const request = message.request as { lead?: unknown } | undefined;
  const lead = request?.lead as { lead_id?: unknown } | undefined;
  return message.channel_type !== 'direct' && typeof lead === 'object' && lead?.lead_id === message.sender;
}

function occurrencesOf(events: DomainEvent[]): Occurrence[] {
  const found: Occurrence[] = [];
  for (const { name, projectId, payload, context } of events) {
    // History being imported happened long ago: nobody is greeted for it.
    if (context?.historical) continue;
    const document = payload as Record<string, unknown>;
    if (name === 'request.create') {
      found.push({ event: name, projectId, document, requestId: String(document.request_id) });
    } else if (name === 'message.create' && fromRequester(document)) {
      found.push({
        event: 'message.create.from.requester',
        projectId,
        document,
        requestId: String(document.recipient),
      });
    } else if (name === 'event.emit') {
      found.push({ event: name, projectId, document });
    }
  }
  return found;
}

/** Actions that read the event's document (the others need only the conversation's id). */
const READS_DOCUMENT = new Set(['request.create', 'webhook.call']);

export function createTriggerRunner(platform: Platform, deps: TriggerRunnerDeps) {
  const { log, jobs, config } = platform;
  const repo = createTriggersRepo(platform.connection);
  const actions = createTriggerActions(config, deps);
  /** The depth of the trigger whose actions are running (none: an outside event). */
  const chain = new AsyncLocalStorage<{ depth: number }>();

  async function recordFailure(
    trigger: Pick<TriggerRow, 'id' | 'project_id'> & { name: string | null },
    failure: { event: string; requestId?: string; action?: string; error: unknown },
  ): Promise<void> {
    const message = failure.error instanceof Error ? failure.error.message : String(failure.error);
    log.warn({ triggerId: trigger.id, projectId: trigger.project_id, ...failure, error: message }, 'trigger failed');
    try {
      await repo.insertFailure({
        project_id: trigger.project_id,
        trigger_id: trigger.id,
        trigger_name: trigger.name,
        event: failure.event,
        request_id: failure.requestId ?? null,
        action: failure.action ?? null,
        error: message.slice(0, 1000),
      });
    } catch (error) {
      log.error({ err: error, triggerId: trigger.id }, 'trigger failure not recorded');
    }
  }

  /** The triggers an occurrence fires; `isOpen` is read only when a rule asks for it. */
  async function firedBy(occurrence: Occurrence, candidates: TriggerRow[]): Promise<TriggerRow[]> {
    const mine = candidates.filter((t) => t.project_id === occurrence.projectId && t.trigger_key === occurrence.event);
    if (mine.length === 0) return [];
    const document: Record<string, unknown> = { ...occurrence.document };
    if (mine.some((trigger) => reads(trigger.conditions, 'isOpen'))) {
      const project = await deps.findProject(occurrence.projectId);
      document.isOpen = project ? deps.isOpen(project) : false;
    }
    return mine.filter((trigger) => {
      try {
        return matches(trigger.conditions, { json: document });
      } catch (error) {
        log.error({ err: error, triggerId: trigger.id }, 'trigger conditions could not be evaluated');
        return false;
      }
    });
  }

  const stage: StagingHook = async (events) => {
    for (const event of events) {
      if (event.name === 'project.create') await deps.triggers.createDefaults(event.projectId);
    }
    const occurrences = occurrencesOf(events);
    if (occurrences.length === 0) return;
    const candidates = await repo.listEnabledFor(
      [...new Set(occurrences.map((o) => o.projectId))],
      [...new Set(occurrences.map((o) => o.event))],
    );
    if (candidates.length === 0) return;
    const depth = chain.getStore()?.depth ?? 0;
    const queued = [];
    for (const occurrence of occurrences) {
      for (const trigger of await firedBy(occurrence, candidates)) {
        const requestId = occurrence.requestId;
        if (depth >= MAX_DEPTH) {
          const error = `not run: caused by triggers ${depth} levels deep (loop guard)`;
          await recordFailure(trigger, { event: occurrence.event, requestId, error });
          continue;
        }
        const document = trigger.actions.some((a) => READS_DOCUMENT.has(a.key)) ? occurrence.document : undefined;
        queued.push({
          kind: TRIGGER_JOB,
          projectId: trigger.project_id,
          payload: { triggerId: trigger.id, event: occurrence.event, requestId, depth: depth + 1, document },
          maxAttempts: 1,
        });
      }
    }
    if (queued.length > 0) await jobs.enqueue(queued);
  };

  async function runTrigger(job: JobRow): Promise<void> {
    const projectId = job.project_id ?? '';
    const payload = job.payload as {
      triggerId: string;
      event: string;
      requestId?: string;
      depth: number;
      document?: Record<string, unknown>;
    };
    const trigger = await repo.findTriggerById(projectId, payload.triggerId);
    // Disabled or deleted since: nothing to do.
    if (!trigger?.enabled) return;
    const project = await deps.findProject(projectId);
    if (!project) return;
    const run: TriggerRun = { project, trigger, ...payload };
    await chain.run({ depth: payload.depth }, async () => {
      for (const action of trigger.actions) {
        try {
          await actions.run(run, action);
        } catch (error) {
          await recordFailure(trigger, {
            event: payload.event,
            requestId: payload.requestId,
            action: action.key,
            error,
          });
        }
      }
    });
  }

  const handler: JobHandler = {
    run: runTrigger,
    async onGiveUp(job, error) {
      const { triggerId, event, requestId } = job.payload as { triggerId: string; event: string; requestId?: string };
      const trigger = { id: triggerId, name: null, project_id: job.project_id ?? '' };
      await recordFailure(trigger, { event, requestId, error });
    },
  };

  return { stage, handler };
}
