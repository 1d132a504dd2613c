/** Bots (Tiledesk "faq_kb"). */
import type { Platform } from '../../platform/context.js';
import type { Trx } from '../../platform/events/event-bus.js';
import * as repo from './bots.repo.js';

export type BotsService = ReturnType<typeof createBotsService>;

export function createBotsService({ db }: Platform) {
  return {
    async exists(projectId: string, botId: string): Promise<boolean> {
      return (await repo.findBotById(db, projectId, botId)) !== undefined;
    },

    findByIds: (projectId: string, ids: string[], conn: Platform['db'] | Trx = db) =>
      repo.findBotsByIds(conn, projectId, ids),

    findById: (projectId: string, id: string, conn: Platform['db'] | Trx = db) => repo.findBotById(conn, projectId, id),

    /** Every rule of the project's live bots (`attributes.rules`), for the widget to evaluate. */
    async widgetRules(projectId: string): Promise<unknown[]> {
      const bots = await repo.listBotsWithRules(db, projectId);
      return bots.flatMap((bot) => (bot.attributes?.rules as unknown[] | undefined) ?? []);
    },
  };
}
