/**
 * Intents in bulk: CSV upload and export, and the flow editor's batch of operations. Each is one
 * transaction, applied in-process (Tiledesk replays operations as HTTP calls to itself, after
 * answering, so a failure is silent and half of a batch may be applied).
 */
import { Value } from 'typebox/value';
import type { Platform } from '../../platform/context.js';
import { errors } from '../../platform/errors.js';
import { isObjectId, newUuid } from '../../platform/ids.js';
import type { IntentRow, ProjectRow } from '../../platform/db/tables.js';
import { CSV_COLUMNS, parseCsv, toCsv } from './intents-csv.js';
import { createIntentsRepo } from './intents.repo.js';
import { intentToWire, UpdateIntentBody, type OperationsInput, type UpdateIntentInput } from './intents.schema.js';
import type { IntentDraft, IntentsCore } from './intents.service.js';
import { withDuplicateIntents } from './intents-support.js';

export function createIntentsBulk({ connection, transaction }: Platform, core: IntentsCore) {
  const repo = createIntentsRepo(connection);
  return {
    /** Each row becomes an intent answering with a reply action; rows the bot already has are skipped. */
    importCsv(project: ProjectRow, createdBy: string, input: { botId: string; delimiter: string; text: string }) {
      const rows = parseCsv(input.text, input.delimiter);
      const isHeader = (cells: string[]) => cells.map((cell) => cell.toLowerCase()).join() === CSV_COLUMNS.join();
      const drafts = (rows[0] !== undefined && isHeader(rows[0]) ? rows.slice(1) : rows).map(draftFromCsv);
      return transaction(async ({ emit }) => {
        const bot = await core.botOf(project.id, input.botId);
        await core.addIntents(emit, bot, createdBy, drafts);
        return { success: true, msg: 'CSV Parsed' };
      });
    },

    /** The CSV of a bot's intents (of every bot of the project without `botId`), header first. */
    async exportCsv(project: ProjectRow, botId: string | undefined): Promise<string> {
      if (botId !== undefined) await core.botOf(project.id, botId);
      const intents = await repo.listIntents(project.id, { botId });
      return toCsv([
        CSV_COLUMNS,
        ...intents.map((intent) => [
          intent.question ?? '',
          answerText(intent),
          intent.intent_id,
          intent.intent_display_name,
          String(intent.webhook_enabled),
        ]),
      ]);
    },

    /**
     * The flow editor's batch: `post` creates, `put` updates, `patch` merges attributes and
     * `delete` removes intents of one bot, in order, all or nothing. An intent is addressed by
     * its `intent_id` when it has one, else by `_id`. Deleting an intent that is already gone is
     * not an error; updating one is (404).
     */
    applyOperations(project: ProjectRow, createdBy: string, input: OperationsInput) {
      return withDuplicateIntents(
        transaction(async ({ emit }) => {
          const bot = await core.botOf(project.id, input.id_faq_kb);
          for (const [index, operation] of input.operations.entries()) {
            const fields = checkedIntent(index, operation.intent);
            const ref = fields.intent_id ? { intentId: fields.intent_id } : { id: String(operation.intent._id ?? '') };
            if (operation.type === 'post') {
              const { id_faq_kb: _bot, ...draft } = fields;
              const id = isObjectId(operation.intent._id) ? operation.intent._id.toLowerCase() : undefined;
              const intent = await repo.insertIntent(core.newRow(bot, createdBy, draft, id));
              emit('faq.create', project.id, intentToWire(intent));
              continue;
            }
            const intent = await core.findRef(project.id, ref, bot.id);
            if (operation.type === 'delete') {
              if (intent && (await repo.deleteIntent(project.id, intent.id))) {
                emit('faq.delete', project.id, intentToWire(intent));
              }
              continue;
            }
            if (!intent) {
              throw errors.notFound(
                'intent',
                fields.intent_id ?? String(operation.intent._id ?? ''),
                `Operation ${index} (${operation.type})`,
              );
            }
            if (operation.type === 'patch') {
              await core.mergeAttributes(emit, intent, fields.attributes ?? {});
            } else {
              const { id_faq_kb: _bot, ...draft } = fields;
              await core.updateIntent(emit, intent, draft);
            }
          }
          return { success: true };
        }),
      );
    },

    /** `/faqpub`: what a visitor may see without signing in, the same subset agents see. */
    listPublic(project: ProjectRow, filter: { botId?: string; text?: string }): Promise<IntentRow[]> {
      return repo.listIntents(project.id, { ...filter, agentView: true, liveOnly: true, limit: 3000 });
    },
  };
}

function draftFromCsv(cells: string[]): IntentDraft {
  const [question, answer = '', intentId, displayName, webhookEnabled] = cells;
  return {
    question,
    actions: [
      {
        _tdActionType: 'reply',
        _tdActionId: newUuid(),
        text: answer,
        attributes: {
          commands: [
            { type: 'wait', time: 500 },
            { type: 'message', message: { type: 'text', text: answer } },
          ],
        },
      },
    ],
    intent_id: intentId || undefined,
    intent_display_name: displayName || undefined,
    webhook_enabled: webhookEnabled === 'true',
  };
}

/** The answer of a classic intent, or the text of a flow intent's first reply. */
function answerText(intent: IntentRow): string {
  if (intent.answer) return intent.answer;
  const reply = (intent.actions ?? []).find(
    (action): action is { text: string } =>
      typeof action === 'object' &&
      action !== null &&
      (action as Record<string, unknown>)._tdActionType === 'reply' &&
      typeof (action as Record<string, unknown>).text === 'string',
  );
  return reply?.text ?? '';
}

/** An operation's intent has the fields of an intent update; say which one is wrong. */
function checkedIntent(index: number, intent: Record<string, unknown>): UpdateIntentInput {
  const problem = Value.Errors(UpdateIntentBody, intent)[0];
  if (problem) {
    const field = problem.instancePath.replace(/^\//, '').replace(/\//g, '.') || 'intent';
    throw errors.invalid(`Operation ${index}: ${field} ${problem.message}`);
  }
  return intent as UpdateIntentInput;
}
