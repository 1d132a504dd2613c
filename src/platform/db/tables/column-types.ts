/** Column types shared by the row types: jsonb, default timestamps, generated full text. */
import type { ColumnType } from 'kysely';

/** A jsonb column: read as T, written as T serialised by `json()`. */
export type Json<T> = ColumnType<T, string, string>;
/** A jsonb column with a database default. */
export type JsonDefault<T> = ColumnType<T, string | undefined, string>;
/** timestamptz with a default of now(). */
export type CreatedAt = ColumnType<Date, Date | undefined, Date>;
/** Generated full-text column; never written. */
export type SearchVector = ColumnType<string, never, never>;

export type Attributes = Record<string, unknown>;
