/**
 * Widget translations (Tiledesk's labels): a language is `{lang, data}`, `data` mapping the
 * widget's keys (`LABEL_PLACEHOLDER`, ...) to texts. The stock languages ship with the server; a
 * project's document holds the languages its admins cloned or wrote, one of them the default.
 */
import { Type, type Static } from 'typebox';
import { FreeObject } from '../../platform/http/schemas.js';
import type { LabelEntryRow, LabelsRow } from '../../platform/db/tables.js';
import type { NotFoundWording } from '../../platform/errors.js';
import { documentOf, documentSchema } from '../../platform/wire.js';

/** A language: a stock one is `{lang, data}`; a project's has its `_id` and `default` too. */
export const LabelEntrySchema = Type.Object({
  _id: Type.Optional(Type.String()),
  lang: Type.String(),
  data: FreeObject,
  default: Type.Optional(Type.Boolean()),
});
export type LabelEntryWire = Static<typeof LabelEntrySchema>;

export function labelEntryToWire(entry: LabelEntryRow): LabelEntryWire {
  return { _id: entry.id, lang: entry.lang, data: entry.data, default: entry.is_default };
}

/** The project's labels document, its languages in the order they were added. */
export const LabelsSchema = documentSchema({
  data: Type.Array(LabelEntrySchema),
  id_project: Type.String(),
  createdBy: Type.String(),
});
export type LabelsWire = Static<typeof LabelsSchema>;

export function labelsToWire(labels: LabelsRow, entries: LabelEntryRow[]): LabelsWire {
  return documentOf(labels, {
    data: entries.map(labelEntryToWire),
    id_project: labels.project_id,
    createdBy: labels.created_by,
  });
}

/** `GET /labels`: the document, or `{}` while the project has none. */
export const LabelsOrEmptySchema = Type.Union([LabelsSchema, Type.Object({})]);

/** Mongo's answer to removing the document (`Label.remove`), as Tiledesk sends it back. */
export const LabelsRemovedSchema = Type.Object({ n: Type.Number(), ok: Type.Number(), deletedCount: Type.Number() });

/** Longest language code accepted in a body (BCP 47 tags in practice stay far below). */
const MAX_LANG_LENGTH = 35;

export const LabelLanguageParams = Type.Object({ project_id: Type.String(), lang: Type.String() });

export const CloneLabelsBody = Type.Object({ lang: Type.String({ minLength: 1, maxLength: MAX_LANG_LENGTH }) });

export const SaveLabelsBody = Type.Object({
  lang: Type.String({ minLength: 1, maxLength: MAX_LANG_LENGTH }),
  data: FreeObject,
  default: Type.Optional(Type.Boolean()),
});
export type SaveLabelsInput = Static<typeof SaveLabelsBody>;

/** `PATCH /labels/:lang/default` on a project without labels. */
export const langNotFound: NotFoundWording = { label: () => ({ success: false, msg: 'Lang not found' }) };
