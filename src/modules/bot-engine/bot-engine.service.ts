/**
 * Bots that answer (Tiledesk's botEvent, faqBotHandler, tilebot and BotSubscriptionNotifier).
 *
 * A message for a bot becomes a turn in the transaction that stores it (./turn-queue.ts); a job
 * answers it: with the bot's intents (`internal`, ./faq-engine.ts), its flow (`tilebot`,
 * ./flow-engine.ts), or by delivering it to the bot's own endpoint (./external-delivery.ts).
 * Why jobs rather than after-commit listeners: an answer survives a crash or a restart, runs
 * on one instance, and a bot that keeps failing is noticed (the conversation goes to a human).
 */
import type { Platform } from '../../platform/context.js';
import type { JobHandler } from '../../platform/jobs/job-queue.js';
import type { BotsService } from '../bots/bots.service.js';
import type { IntentsService } from '../intents/intents.service.js';
import type { ProjectsService } from '../projects/projects.service.js';
import type { ConversationsService } from '../conversations/conversations.service.js';
import { ANSWER_JOB, createTurnQueue, DELIVER_JOB } from './turn-queue.js';
import { createBotAnswers } from './bot-answers.js';
import { createExternalDelivery } from './external-delivery.js';
import { createBotEngineRepo } from './bot-engine.repo.js';
import { chatbotParameters } from './chatbot-parameters.js';
import type { ProjectRow } from '../../platform/db/tables.js';

export interface BotEngineDeps {
  bots: BotsService;
  intents: IntentsService;
  projects: ProjectsService;
  conversations: ConversationsService;
}

export function createBotEngine(platform: Platform, deps: BotEngineDeps) {
  const queue = createTurnQueue(platform, deps);
  const repo = createBotEngineRepo(platform.connection);
  const handlers: Record<string, JobHandler> = {
    [ANSWER_JOB]: createBotAnswers(platform, deps, queue),
    [DELIVER_JOB]: createExternalDelivery(platform, deps, queue),
  };
  return {
    stage: queue.stage,
    handlers,
    /** What a flow bot keeps for a conversation, without the system values (./chatbot-parameters.ts). */
    chatbotParameters: (project: ProjectRow, requestId: string) =>
      chatbotParameters(
        {
          hasConversation: async (projectId, id) => (await deps.conversations.find(projectId, id)) !== undefined,
          findVariables: repo.findVariables,
        },
        project,
        requestId,
      ),
  };
}
