/**
 * Widget translations, as Tiledesk's labelService and routes/labels.js have them:
 * - a language is read from the project's document: that code, else the project's default, else
 *   its EN, else the stock EN (a project without a document gets the stock EN whatever it asks);
 *   beyond Tiledesk, a code also matches by its primary subtag ("it-IT" finds "IT");
 * - a write replaces a whole language (no merging of keys), creating the document on first use,
 *   whose first language becomes the default; the default cannot be deleted.
 * Every change locks the project's document, so concurrent admins never interleave.
 */
import type { Platform } from '../../platform/context.js';
import { errors } from '../../platform/errors.js';
import { newObjectId } from '../../platform/ids.js';
import { json } from '../../platform/db/json.js';
import type { ProjectRow } from '../../platform/db/tables.js';
import { createLabelsRepo } from './labels.repo.js';
import {
  FALLBACK_LANGUAGE,
  PIVOT_LANGUAGE,
  primaryLanguage,
  STOCK_LANGUAGES,
  stockLanguage,
} from './labels.defaults.js';
import {
  labelEntryToWire,
  labelsToWire,
  type LabelEntryWire,
  type LabelsWire,
  type SaveLabelsInput,
} from './labels.schema.js';

/** Languages one project may hold (Tiledesk ships fifteen). */
const MAX_LANGUAGES = 50;
/** Largest `data` of one language, as JSON (Tiledesk's largest stock language is about 7 KB). */
const MAX_DATA_BYTES = 32 * 1024;

const invalid = (param: string, reason: string, value?: unknown) =>
  errors.validation([{ ...(value !== undefined && { value }), msg: 'Invalid value', param, location: 'body', reason }]);

export function createLabelsService({ connection, transaction }: Platform) {
  const repo = createLabelsRepo(connection);

  async function languageIn(projectId: string, lang: string): Promise<LabelEntryWire> {
    const entry = await repo.findEntryFor(projectId, lang, primaryLanguage(lang), FALLBACK_LANGUAGE);
    return entry ? labelEntryToWire(entry) : PIVOT_LANGUAGE;
  }

  async function documentIn(projectId: string): Promise<LabelsWire | undefined> {
    const labels = await repo.findLabels(projectId);
    return labels && labelsToWire(labels, await repo.listEntries(projectId));
  }

  /**
   * Puts `lang` into the project's document, creating the document if needed (its first
   * language is then the default); `makeDefault` takes the default from any other language.
   */
  async function put(projectId: string, createdBy: string, lang: string, data: unknown, makeDefault: boolean) {
    if (Buffer.byteLength(JSON.stringify(data)) > MAX_DATA_BYTES) {
      throw invalid('data', `must be at most ${MAX_DATA_BYTES} bytes as JSON`);
    }
    const created = await repo.insertLabels({ id: newObjectId(), project_id: projectId, created_by: createdBy });
    // Removed by a concurrent DELETE between the two statements.
    if (!created && !(await repo.lockLabels(projectId))) throw errors.conflict('The labels changed; retry.');
    const isDefault = created !== undefined || makeDefault;
    const existing = created ? undefined : await repo.findEntry(projectId, lang);
    const replacement = { id: newObjectId(), data: json(data), is_default: isDefault };
    if (isDefault && !created) await repo.clearDefault(projectId);
    if (existing) {
      await repo.replaceEntry(projectId, lang, replacement);
    } else {
      const { count, lastPosition } = await repo.countEntries(projectId);
      if (count >= MAX_LANGUAGES) throw invalid('lang', `a project has at most ${MAX_LANGUAGES} languages`, lang);
      await repo.insertEntry({ ...replacement, project_id: projectId, lang, position: lastPosition + 1 });
    }
    await repo.touchLabels(projectId);
  }

  /** Locks the project's document; throws "not found" (for `lang`) when it has none. */
  async function lockExisting(projectId: string, lang: string): Promise<void> {
    if (!(await repo.lockLabels(projectId))) throw errors.notFound('label', lang);
  }

  return {
    /** Tiledesk's stock languages. */
    stock(): readonly LabelEntryWire[] {
      return STOCK_LANGUAGES;
    },

    /** The stock language `lang` names (or its primary subtag does), if any. */
    stockLanguage,

    /** The project's document, undefined while it has none. */
    document(project: ProjectRow): Promise<LabelsWire | undefined> {
      return documentIn(project.id);
    },

    /** The language to show a visitor who asks for `lang` (see the fallbacks above). */
    language(project: ProjectRow, lang: string): Promise<LabelEntryWire> {
      return languageIn(project.id, lang);
    },

    /** Copies a stock language (the stock EN renamed when there is no such one) into the project. */
    clone(project: ProjectRow, createdBy: string, lang: string): Promise<LabelsWire> {
      const source = STOCK_LANGUAGES.find((entry) => entry.lang === lang) ?? PIVOT_LANGUAGE;
      return transaction(async () => {
        await put(project.id, createdBy, lang, source.data, false);
        return (await documentIn(project.id))!;
      });
    },

    /** Writes a whole language; answers it as the widget will read it. */
    save(project: ProjectRow, createdBy: string, input: SaveLabelsInput): Promise<LabelEntryWire> {
      return transaction(async () => {
        await put(project.id, createdBy, input.lang, input.data, input.default === true);
        return languageIn(project.id, input.lang);
      });
    },

    /** Makes `lang` the default (none, when the project has no such language, as in Tiledesk). */
    makeDefault(project: ProjectRow, lang: string): Promise<LabelEntryWire> {
      return transaction(async () => {
        await lockExisting(project.id, lang);
        await repo.clearDefault(project.id);
        await repo.setDefault(project.id, lang, true);
        await repo.touchLabels(project.id);
        return languageIn(project.id, lang);
      });
    },

    /** Removes the project's document: Mongo's `{n, ok, deletedCount}`. */
    async removeAll(project: ProjectRow) {
      const removed = await repo.deleteLabels(project.id);
      return { n: removed, ok: 1, deletedCount: removed };
    },

    /** Removes one language (not the default); answers what the widget now reads for `lang`. */
    removeLanguage(project: ProjectRow, lang: string): Promise<LabelEntryWire> {
      return transaction(async () => {
        await lockExisting(project.id, lang);
        const entry = await repo.findEntry(project.id, lang);
        if (!entry) throw errors.notFound('label', lang);
        if (entry.is_default) throw errors.badRequest("You can't delete the default language.");
        await repo.deleteEntry(project.id, lang);
        await repo.touchLabels(project.id);
        return languageIn(project.id, lang);
      });
    },
  };
}
