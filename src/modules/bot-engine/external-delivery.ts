/**
 * External bots (Tiledesk's BotSubscriptionNotifier): each visitor message is POSTed to the bot's
 * `url` as `{timestamp, payload: <message with its request, without snapshot>, hook: <the bot>,
 * token: <the bot's JWT>}`; the bot answers through the REST API with that token.
 *
 * Deliveries are turns (./turn-queue.ts): durable, in order per conversation, retried with
 * backoff; a 2xx answer delivers. A refused target (private address, bad URL) cannot succeed
 * and is given up at once. Unlike Tiledesk, `hook` carries no secret, and nothing is delivered
 * once the bot no longer serves the conversation.
 */
import type { Platform } from '../../platform/context.js';
import { PermanentJobError, type JobHandler } from '../../platform/jobs/job-queue.js';
import { OutboundRefusedError, postJson } from '../../platform/http/outbound.js';
import type { BotRow, BotTurnRow } from '../../platform/db/tables.js';
import { botToWire } from '../bots/bots.schema.js';
import type { BotEngineDeps } from './bot-engine.service.js';
import { engineOf, serves, type TurnQueue } from './turn-queue.js';

export function createExternalDelivery(platform: Platform, deps: BotEngineDeps, queue: TurnQueue): JobHandler {
  const { config } = platform;

  async function deliver(bot: BotRow & { url: string }, turn: BotTurnRow): Promise<void> {
    const body = JSON.stringify({
      timestamp: Date.now(),
      payload: turn.message,
      hook: botToWire(bot),
      token: await deps.bots.tokenFor(bot),
    });
    let status: number;
    try {
      const response = await postJson(bot.url, body, {
        timeoutMs: config.botTimeoutMs,
        maxResponseBytes: config.outboundMaxResponseBytes,
        allowPrivate: config.allowPrivateOutbound,
        headers: { 'user-agent': 'parley-bots' },
      });
      status = response.status;
    } catch (error) {
      if (error instanceof OutboundRefusedError) throw new PermanentJobError(error.message);
      throw error;
    }
    if (status < 200 || status >= 300) throw new Error(`the bot answered HTTP ${status}`);
  }

  return {
    async run(job) {
      const turn = await queue.findTurn(job);
      if (!turn) return;
      const bot = await deps.bots.findById(turn.project_id, turn.bot_id);
      const request = await deps.conversations.find(turn.project_id, turn.request_id);
      if (bot?.url && engineOf(bot) === 'external' && request && serves(request, bot.id)) {
        await deliver(bot as BotRow & { url: string }, turn);
      }
      await queue.complete(turn, { routing: false }, async () => {});
    },
    onGiveUp: (job, error) => queue.handOver(job, error),
  };
}
