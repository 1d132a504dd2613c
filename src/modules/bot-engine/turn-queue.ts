/**
 * A conversation's bot turns, in order and once each.
 *
 * The staging hook turns the events of a transaction into `bot_turns` rows, in that
 * transaction: a visitor's message and its turn commit together. Only a request's next turn (see
 * repo.findHeadTurn) has a job; a turn is finished (deleted) in the transaction that stores its
 * outcome, which also queues the job of the next one. Turns and their finish both hold the request's row lock, so a
 * turn queued while another finishes is never left without a job.
 *
 * A turn whose job gives up (the bot keeps failing) hands the conversation to a human, with an
 * info message saying so, instead of leaving the visitor waiting (Chatwoot's lesson).
 */
import type { Platform } from '../../platform/context.js';
import type { StagingHook } from '../../platform/events/event-bus.js';
import type { BotRow, BotTurnRow, JobRow, RequestRow } from '../../platform/db/tables.js';
import type { NewMessage } from '../conversations/conversations.service.js';
import type { BotEngineDeps } from './bot-engine.service.js';
import { turnTriggers, type TurnTrigger } from './bot-triggers.js';
import { createBotEngineRepo, type NewTurn } from './bot-engine.repo.js';
import { REQUEST_STATUS } from '../../../web/shared/request-status.js';

export const ANSWER_JOB = 'bot.answer';
export const DELIVER_JOB = 'bot.deliver';

/**
 * Who answers for a bot: our intent engine (`internal`), our flow engine (`tilebot` without a
 * URL), or its own endpoint (any other bot with a `url`, as Tiledesk's external bots). None for
 * a bot with neither.
 */
export function engineOf(bot: BotRow): 'intents' | 'flow' | 'external' | undefined {
  if (bot.trashed) return undefined;
  if (bot.type === 'internal') return 'intents';
  if (bot.url) return 'external';
  return bot.type === 'tilebot' ? 'flow' : undefined;
}

/** The bot still serves the conversation (an agent may have taken over, or it was closed). */
export function serves(request: RequestRow, botId: string): boolean {
  return request.status !== REQUEST_STATUS.CLOSED && request.participants_bots.includes(botId);
}

function unreachableNotice(request: RequestRow): NewMessage {
  return {
    sender: 'system',
    senderFullname: 'Bot',
    recipient: request.request_id,
    text: 'The bot is not responding: the conversation is handed over to a human agent.',
    attributes: { subtype: 'info', messagelabel: { key: 'BOT_NOT_RESPONDING' } },
    language: request.language ?? undefined,
    createdBy: 'system',
  };
}

export type TurnQueue = ReturnType<typeof createTurnQueue>;

export function createTurnQueue(platform: Platform, deps: BotEngineDeps) {
  const repo = createBotEngineRepo(platform.connection);
  const { jobs, config, log } = platform;

  /** Gives the request's next turn its job, unless it has one. */
  async function scheduleHead(projectId: string, requestId: string): Promise<void> {
    const head = await repo.findHeadTurn(projectId, requestId);
    if (!head || head.job_id !== null) return;
    const [jobId] = await jobs.enqueue([
      {
        kind: head.kind === 'deliver' ? DELIVER_JOB : ANSWER_JOB,
        projectId,
        payload: { turnId: Number(head.id) },
        runAt: head.run_at,
        maxAttempts: config.botMaxAttempts,
      },
    ]);
    await repo.setTurnJob(projectId, Number(head.id), Number(jobId));
  }

  async function turnOf(trigger: TurnTrigger): Promise<NewTurn | undefined> {
    const bot = await deps.bots.findById(trigger.projectId, trigger.botId);
    const engine = bot && engineOf(bot);
    if (!engine || (engine === 'external' && trigger.kind === 'start')) return undefined;
    const turn = { project_id: trigger.projectId, request_id: trigger.requestId, bot_id: trigger.botId };
    if (engine !== 'external') {
      const { request: _request, ...message } = trigger.message ?? {};
      return { ...turn, kind: trigger.kind, ...(trigger.message && { message }) };
    }
    // The external bot gets the message with its request as it was, without the snapshot (as Tiledesk).
    const { snapshot: _snapshot, ...request } = trigger.message!.request!;
    return { ...turn, kind: 'deliver', message: { ...trigger.message!, request } };
  }

  const stage: StagingHook = async (emitted) => {
    const triggers = turnTriggers(emitted);
    if (triggers.length === 0) return;
    const turns: NewTurn[] = [];
    for (const trigger of triggers) {
      const turn = await turnOf(trigger);
      if (turn) turns.push(turn);
    }
    // Each conversation's turns are queued holding its row, so its queue has one order.
    const requests = new Map(turns.map((turn) => [turn.request_id, turn.project_id]));
    for (const [requestId, projectId] of requests) {
      await deps.conversations.withConversation(projectId, requestId, { routing: false }, async () => {
        await repo.insertTurns(turns.filter((turn) => turn.request_id === requestId));
        await scheduleHead(projectId, requestId);
      });
    }
  };

  /**
   * Finishes a turn: `work` stores its outcome in the same transaction, which holds the request's
   * row (after the project's routing lock when the outcome may route). Nothing happens when the
   * turn was finished meanwhile (a job that ran twice).
   */
  async function complete(
    turn: BotTurnRow,
    options: { routing: boolean },
    work: (request: RequestRow | undefined) => Promise<void>,
  ): Promise<void> {
    await deps.conversations.withConversation(turn.project_id, turn.request_id, options, async (request) => {
      if (!(await repo.findTurn(turn.project_id, Number(turn.id)))) return;
      await work(request);
      await repo.deleteTurn(turn.project_id, Number(turn.id));
      await scheduleHead(turn.project_id, turn.request_id);
    });
  }

  return {
    stage,
    complete,

    findTurn: (job: JobRow) => repo.findTurn(job.project_id ?? '', Number(job.payload.turnId)),

    /** The bot failed this turn for good: a human takes the conversation over. */
    async handOver(job: JobRow, error: unknown): Promise<void> {
      const turn = await repo.findTurn(job.project_id ?? '', Number(job.payload.turnId));
      const project = turn && (await deps.projects.findLive(turn.project_id));
      if (!turn || !project) return;
      log.warn({ botId: turn.bot_id, requestId: turn.request_id, err: error }, 'bot gave no answer: handing over');
      await complete(turn, { routing: true }, async (request) => {
        if (!request || !serves(request, turn.bot_id)) return;
        await deps.conversations.route.handOffToHumans(project, request, unreachableNotice(request));
      });
    },
  };
}
