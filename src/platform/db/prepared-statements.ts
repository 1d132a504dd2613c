/**
 * Lets PostgreSQL parse and plan a statement once per connection instead of on every call, for
 * the statements that opt in with `prepared(query)` (./prepared.ts). On the lists benchmark's
 * database an unnamed primary key lookup costs PostgreSQL about 130-150 µs of CPU, a prepared one
 * about 40-50 µs (BENCHMARKS.md): one request's seven statements went from 2.7 to 1.3 ms of it.
 *
 * Opt-in, because a prepared statement soon runs a generic plan, made without its parameters'
 * values: such a plan cannot use a partial index whose predicate a parameter would have to prove
 * (`status < $2` is not `status < 1000`), and it is costed for an average project. An agent's
 * inbox total took 9-17 ms instead of 2.5 with one. Lookups by key, whose plan does not depend on
 * the values, are the statements to mark; a constant that a partial index's predicate names is
 * written as a literal (`sql.lit`) in them.
 *
 * Bounded, because a marked lookup by a list of ids has one text per length of the list:
 * - a text is named only on its second use on a connection, and only if it is short;
 * - a connection holds at most MAX_PREPARED statements; later texts stay unnamed.
 *
 * A prepared `select *` fails with "cached plan must not change result type" once another server
 * has migrated a column into its table (a rolling upgrade). That text is then never named again
 * on that connection, and the call is repeated unnamed unless a transaction was open (the error
 * has already aborted it: that call fails, the next one works).
 *
 * DATABASE_PREPARED_STATEMENTS=false turns this off, for a pooler that cannot carry named
 * statements between its clients (PgBouncer's transaction mode before 1.21). PGlite (the embedded
 * database) does not go through this client.
 */
import { createHash } from 'node:crypto';
import type pg from 'pg';
import { CopyingClient } from './copy-in-client.js';
import { PREPARED_MARK } from './prepared.js';

const MAX_PREPARED = 200;
/** Texts counted while deciding; cleared when full (then each text needs two more uses). */
const MAX_COUNTED = 1000;
/** Longer texts are lookups by long lists of ids, seldom repeated: hashing them costs more than it saves. */
const MAX_TEXT_LENGTH = 4096;
/** SQLSTATE 0A000, feature_not_supported: what a prepared statement whose result changed fails with. */
const RESULT_SHAPE_CHANGED = /cached plan must not change result type/;

type QueryResult = pg.QueryResult;
type Query = (config: string | pg.QueryConfig, values?: unknown[]) => Promise<QueryResult>;

/** `pg`'s client (with COPY FROM, ./copy-in-client.ts) naming the marked statements it repeats. */
export class PreparingClient extends CopyingClient {
  private readonly uses = new Map<string, number>();
  private readonly names = new Map<string, string>();
  private readonly refused = new Set<string>();
  /** The server's last ReadyForQuery status: 'I' idle, 'T' in a transaction, 'E' in a failed one. */
  private transactionStatus = 'I';

  constructor(config?: string | pg.ClientConfig) {
    super(config);
    const connection = (this as unknown as { connection: NodeJS.EventEmitter }).connection;
    connection.on('readyForQuery', (message: { status: string }) => {
      this.transactionStatus = message.status;
    });
  }

  override query(...args: unknown[]): any {
    const [text, values, callback] = args;
    const preparable =
      typeof text === 'string' && Array.isArray(values) && callback === undefined && text.includes(PREPARED_MARK);
    const name = preparable && this.nameFor(text);
    if (!name) return super.query(...args);
    const base = super.query.bind(this) as Query;
    const inTransaction = this.transactionStatus !== 'I';
    return base({ name, text: text as string, values }).catch((error: unknown) => {
      if (!(error instanceof Error) || !RESULT_SHAPE_CHANGED.test(error.message)) throw error;
      this.names.delete(text as string);
      this.refused.add(text as string);
      if (inTransaction) throw error;
      return base(text as string, values as unknown[]);
    });
  }

  /** The statement's name if it is (to be) prepared on this connection, else undefined. */
  private nameFor(text: string): string | undefined {
    const known = this.names.get(text);
    if (known) return known;
    if (text.length > MAX_TEXT_LENGTH || this.names.size >= MAX_PREPARED || this.refused.has(text)) return undefined;
    const uses = (this.uses.get(text) ?? 0) + 1;
    if (uses < 2) {
      if (this.uses.size >= MAX_COUNTED) this.uses.clear();
      this.uses.set(text, uses);
      return undefined;
    }
    this.uses.delete(text);
    const name = `parley_${createHash('sha1').update(text).digest('base64url')}`;
    this.names.set(text, name);
    return name;
  }
}
