import { sql } from 'kysely';
import type { Insertable } from 'kysely';
import type { LabelEntriesTable, LabelsTable } from '../../platform/db/tables.js';
import type { Connection } from '../../platform/db/unit-of-work.js';

/** A language code's primary subtag, upper-cased ("it-IT", "it_it", "it" -> "IT"), in SQL. */
const primaryLanguage = sql<string>`upper(split_part(replace(lang, '_', '-'), '-', 1))`;

/** Labels queries, bound to a connection: the ambient transaction, or the pool outside one. */
export function createLabelsRepo(connection: Connection) {
  function findLabels(projectId: string) {
    return connection().selectFrom('labels').selectAll().where('project_id', '=', projectId).executeTakeFirst();
  }

  /** Creates the project's document unless it has one (then undefined). */
  function insertLabels(row: Insertable<LabelsTable>) {
    return connection()
      .insertInto('labels')
      .values(row)
      .onConflict((oc) => oc.column('project_id').doNothing())
      .returningAll()
      .executeTakeFirst();
  }

  /** The project's document, locked until the transaction ends: its changes run one at a time. */
  function lockLabels(projectId: string) {
    return connection()
      .selectFrom('labels')
      .selectAll()
      .where('project_id', '=', projectId)
      .forUpdate()
      .executeTakeFirst();
  }

  function touchLabels(projectId: string) {
    return connection()
      .updateTable('labels')
      .set({ updated_at: new Date() })
      .where('project_id', '=', projectId)
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  /** Removes the document and its languages; the number of documents removed (0 or 1). */
  async function deleteLabels(projectId: string): Promise<number> {
    const result = await connection().deleteFrom('labels').where('project_id', '=', projectId).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  function listEntries(projectId: string) {
    return connection()
      .selectFrom('label_entries')
      .selectAll()
      .where('project_id', '=', projectId)
      .orderBy('position')
      .execute();
  }

  function findEntry(projectId: string, lang: string) {
    return connection()
      .selectFrom('label_entries')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('lang', '=', lang)
      .executeTakeFirst();
  }

  /**
   * The language to show for `lang`: that very code, else one with its primary subtag
   * (`primary`), else the project's default, else `fallback`; the first added among equals.
   */
  function findEntryFor(projectId: string, lang: string, primary: string, fallback: string) {
    return connection()
      .selectFrom('label_entries')
      .selectAll()
      .where('project_id', '=', projectId)
      .where((eb) =>
        eb.or([
          eb('lang', '=', lang),
          eb(primaryLanguage, '=', primary),
          eb('is_default', '=', true),
          eb('lang', '=', fallback),
        ]),
      )
      .orderBy(
        sql`CASE WHEN lang = ${lang} THEN 0 WHEN ${primaryLanguage} = ${primary} THEN 1 WHEN is_default THEN 2 ELSE 3 END`,
      )
      .orderBy('position')
      .limit(1)
      .executeTakeFirst();
  }

  async function countEntries(projectId: string): Promise<{ count: number; lastPosition: number }> {
    const row = await connection()
      .selectFrom('label_entries')
      .select((eb) => [eb.fn.countAll<string>().as('count'), eb.fn.max<number | null>('position').as('last')])
      .where('project_id', '=', projectId)
      .executeTakeFirstOrThrow();
    return { count: Number(row.count), lastPosition: row.last ?? -1 };
  }

  function insertEntry(row: Insertable<LabelEntriesTable>) {
    return connection().insertInto('label_entries').values(row).returningAll().executeTakeFirstOrThrow();
  }

  /** Replaces a language in place (same position), under a new id as Tiledesk's subdocument would get. */
  function replaceEntry(projectId: string, lang: string, changes: { id: string; data: string; is_default: boolean }) {
    return connection()
      .updateTable('label_entries')
      .set(changes)
      .where('project_id', '=', projectId)
      .where('lang', '=', lang)
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  function setDefault(projectId: string, lang: string, isDefault: boolean) {
    return connection()
      .updateTable('label_entries')
      .set({ is_default: isDefault })
      .where('project_id', '=', projectId)
      .where('lang', '=', lang)
      .execute();
  }

  function clearDefault(projectId: string) {
    return connection()
      .updateTable('label_entries')
      .set({ is_default: false })
      .where('project_id', '=', projectId)
      .where('is_default', '=', true)
      .execute();
  }

  function deleteEntry(projectId: string, lang: string) {
    return connection()
      .deleteFrom('label_entries')
      .where('project_id', '=', projectId)
      .where('lang', '=', lang)
      .execute();
  }

  return {
    findLabels,
    insertLabels,
    lockLabels,
    touchLabels,
    deleteLabels,
    listEntries,
    findEntry,
    findEntryFor,
    countEntries,
    insertEntry,
    replaceEntry,
    setDefault,
    clearDefault,
    deleteEntry,
  };
}
