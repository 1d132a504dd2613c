/**
 * The job that answers a turn with our own engines: intents (`internal`) or flows (`tilebot`).
 *
 * The answer is worked out first, outside any transaction (webhook fulfilment and a flow's web
 * requests call out, and a transaction must not wait on them); then the bot's messages, the
 * flow's variables and the turn's end are stored in one transaction. A crash before that commit
 * answers the turn again from scratch; after it, the turn is gone and nothing is repeated.
 * The bot posts like any caller of `POST .../messages` would, so `\agent` and `\close` in its
 * messages run the conversations area's own handoff and close.
 */
import type { Platform } from '../../platform/context.js';
import type { JobHandler } from '../../platform/jobs/job-queue.js';
import type { BotRow, BotTurnRow, ProjectRow, RequestRow } from '../../platform/db/tables.js';
import type { Caller } from '../conversations/conversations.service.js';
import type { BotEngineDeps } from './bot-engine.service.js';
import { answerFromIntents, type OutgoingMessage } from './faq-engine.js';
import { createFulfilment } from './fulfilment.js';
import { runFlow } from './flow-engine.js';
import type { Variables } from './flow-values.js';
import { matchIntent, START_COMMANDS, type Question } from './intent-matching.js';
import { engineOf, serves, type TurnQueue } from './turn-queue.js';
import { createBotEngineRepo } from './bot-engine.repo.js';

interface Answer {
  messages: OutgoingMessage[];
  variables?: Variables;
  resume?: { intentId: string; actionIndex: number; delayMs: number };
}

const FLOW_INTENTS = { withAnswer: false };

function callerFor(bot: BotRow): Caller {
  return { principal: { kind: 'bot', id: bot.id, projectId: bot.project_id, fullName: bot.name } };
}

/** What the visitor asked: the message of the turn, or the start of the conversation. */
function questionOf(turn: BotTurnRow): { question: Question; payload: Record<string, unknown> } {
  if (turn.kind === 'start' || !turn.message) {
    return {
      question: { start: true },
      payload: {
        sender: 'system',
        recipient: turn.request_id,
        text: '\\start',
        type: 'text',
        id_project: turn.project_id,
      },
    };
  }
  const message = turn.message as { text?: unknown; attributes?: { action?: unknown } };
  const text = typeof message.text === 'string' ? message.text : undefined;
  const action = message.attributes?.action;
  const start = text !== undefined && START_COMMANDS.includes(text.trim());
  return { question: { text, start, action: typeof action === 'string' ? action : undefined }, payload: turn.message };
}

/** The variables every flow can read, besides its own. */
function standardVariables(bot: BotRow, request: RequestRow, payload: Record<string, unknown>): Variables {
  const lead = (request.snapshot?.lead ?? {}) as { fullname?: string; email?: string };
  const given = (entries: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(entries).filter(([, value]) => value !== undefined && value !== null));
  return given({
    chatbot_id: bot.id,
    chatbot_name: bot.name,
    conversation_id: request.request_id,
    project_id: request.project_id,
    department_id: request.department_id,
    user_lang: request.language,
    userFullname: lead.fullname,
    userEmail: lead.email,
    lastUserText: payload.sender === 'system' ? undefined : payload.text,
  });
}

export function createBotAnswers(platform: Platform, deps: BotEngineDeps, queue: TurnQueue): JobHandler {
  const repo = createBotEngineRepo(platform.connection);
  const { config, log } = platform;
  const { answering } = deps.intents;
  const outbound = {
    timeoutMs: config.botTimeoutMs,
    maxResponseBytes: config.outboundMaxResponseBytes,
    allowPrivate: config.allowPrivateOutbound,
    log,
  };
  const fulfil = createFulfilment({ ...outbound, tokenFor: deps.bots.tokenFor });

  async function answerWithFlow(bot: BotRow, request: RequestRow, turn: BotTurnRow): Promise<Answer> {
    const { question, payload } = questionOf(turn);
    const variables = {
      ...(await repo.findVariables(bot.project_id, request.request_id)),
      ...standardVariables(bot, request, turn.kind === 'resume' ? {} : payload),
    };
    const resume = turn.kind === 'resume' ? (turn.resume as { intentId: string; actionIndex: number }) : undefined;
    const start = resume
      ? await answering.byReference(bot.project_id, bot.id, resume.intentId, FLOW_INTENTS)
      : (await matchIntent(answering, bot.project_id, bot.id, question, FLOW_INTENTS))?.intent;
    if (!start) return { messages: [], variables };
    const outcome = await runFlow(start, resume?.actionIndex ?? 0, variables, {
      findIntent: (reference) => answering.byReference(bot.project_id, bot.id, reference, FLOW_INTENTS),
      webRequest: outbound,
      log,
    });
    return { ...outcome, variables };
  }

  async function answer(bot: BotRow, request: RequestRow, turn: BotTurnRow): Promise<Answer> {
    if (engineOf(bot) === 'flow') return answerWithFlow(bot, request, turn);
    const { question, payload } = questionOf(turn);
    return { messages: await answerFromIntents(bot, question, payload, { answering, fulfil }) };
  }

  async function store(project: ProjectRow, bot: BotRow, turn: BotTurnRow, result: Answer): Promise<void> {
    const routing = result.messages.some((m) => m.text?.includes('\\agent') || m.text?.includes('\\close'));
    await queue.complete(turn, { routing }, async (request) => {
      // An agent may have taken the conversation while the answer was worked out.
      if (!request || !serves(request, bot.id)) return;
      for (const message of result.messages) {
        await deps.conversations.postAnswer(project, callerFor(bot), turn.request_id, {
          ...message,
          sender: `bot_${bot.id}`,
          senderFullname: bot.name,
        });
      }
      if (result.variables) await repo.saveVariables(project.id, turn.request_id, result.variables);
      if (result.resume) {
        const { intentId, actionIndex, delayMs } = result.resume;
        const resume = { intentId, actionIndex };
        await repo.insertTurns([{ ...turnKey(turn), kind: 'resume', resume, delayMs }]);
      }
    });
  }

  return {
    async run(job) {
      const turn = await queue.findTurn(job);
      const project = turn && (await deps.projects.findLive(turn.project_id));
      if (!turn || !project) return;
      const request = await deps.conversations.find(project.id, turn.request_id);
      const bot = await deps.bots.findById(project.id, turn.bot_id);
      const engine = bot && engineOf(bot);
      if (!request || !bot || !serves(request, bot.id) || !engine || engine === 'external') {
        await queue.complete(turn, { routing: false }, async () => {});
        return;
      }
      await store(project, bot, turn, await answer(bot, request, turn));
    },
    onGiveUp: (job, error) => queue.handOver(job, error),
  };
}

function turnKey(turn: BotTurnRow) {
  return { project_id: turn.project_id, request_id: turn.request_id, bot_id: turn.bot_id };
}
