/**
 * `prepared(query)`: marks a select for PostgreSQL to plan once per connection
 * (./prepared-statements.ts says which selects qualify: lookups by key, whose plan does not depend
 * on their parameters' values). A comment after `select`; PGlite ignores it.
 */
import { sql, type RawBuilder } from 'kysely';

/** What `prepared` puts after `select`, and what the PostgreSQL client looks for. */
export const PREPARED_MARK = '/* prepared */';
const marker: RawBuilder<unknown> = sql.raw(PREPARED_MARK);

export function prepared<Query extends { modifyFront(modifier: RawBuilder<unknown>): Query }>(query: Query): Query {
  return query.modifyFront(marker);
}
