/**
 * Auto-close: the server closes open conversations nobody has touched for a while, with the usual
 * "Chat closed" message, events and webhooks. Tiledesk does it for bot-served conversations idle
 * two days (its scheduler's CLOSE_BOT_UNRESPONSIVE_REQUESTS_*) and, when enabled, for human-served
 * ones (CLOSE_AGENT_UNRESPONSIVE_REQUESTS_*); Parley takes the same settings, and a project may set
 * its own (`settings.auto_close: {bot, human}` in minutes, 0 for never).
 *
 * Every instance sweeps now and then (`sweep`); nothing is kept in memory, so a restart loses
 * nothing, and each conversation is closed under its row lock after checking it is still idle, so
 * it is closed once however many instances sweep together. Tests drive `sweep(now)` with the
 * clock they choose.
 */
import type { Platform } from '../../platform/context.js';
import type { ProjectRow } from '../../platform/db/tables.js';
import type { ConversationsService } from '../conversations/conversations.service.js';
import { createAutoCloseRepo } from './auto-close.repo.js';

export interface AutoCloseDeps {
  conversations: Pick<ConversationsService, 'closeIdle'>;
  findProject: (id: string) => Promise<ProjectRow | undefined>;
}

export function createAutoClose(platform: Platform, deps: AutoCloseDeps) {
  const { config, log } = platform;
  const repo = createAutoCloseRepo(platform.connection);
  const defaults = { bot: config.autoClose.botIdleMinutes, human: config.autoClose.humanIdleMinutes };

  return {
    /**
     * Closes up to a batch of idle conversations; resolves to how many this call closed. Stops
     * between two conversations once `signal` aborts (the server closing).
     */
    async sweep(now = new Date(), signal?: AbortSignal): Promise<number> {
      const idle = await repo.findIdle(now, defaults, config.autoClose.batchSize);
      let closed = 0;
      for (const { project_id, request_id, idle_since } of idle) {
        if (signal?.aborted) break;
        try {
          const project = await deps.findProject(project_id);
          if (project && (await deps.conversations.closeIdle(project, request_id, idle_since))) closed++;
        } catch (error) {
          // One conversation that cannot be closed does not stop the others.
          log.error({ err: error, projectId: project_id, requestId: request_id }, 'auto-close failed');
        }
      }
      if (closed > 0) log.info({ closed }, 'auto-close: idle conversations closed');
      return closed;
    },
  };
}
