/**
 * Why: `full_text` on the request lists (issue 16) matches a conversation by its own fields or,
 * while it is open, by the words of its messages (a closed one's are in its transcript). Those
 * words were computed at query time: `to_tsvector` of every message of every open conversation of
 * the project, 200,000 vectors and 2 s per call at 100,000 conversations. A GIN index over every
 * message's text was tried and refused (it halved every message insert, imports of closed history
 * included, to serve one filter).
 *
 * `open_message_search` holds the words of the messages of open conversations only, one row per
 * message with text (its vector without positions: the score is computed on the request's own
 * `search`), behind a GIN index. Triggers keep it:
 * - a statement inserting messages adds the rows of those whose conversation is open;
 * - a conversation that closes takes its rows out (its transcript takes over), one that reopens
 *   puts them back from `messages`, one deleted (or its project) takes them out.
 * Every path that adds messages to a conversation, or closes or reopens it, holds the request's
 * row lock (conversations.service.ts), so a message and a close of the same conversation are
 * ordered: the close's trigger sees the message's rows, or the message's trigger sees the close.
 * Messages are not updated by the server, and are deleted only with their conversation.
 *
 * No foreign key: a project's deletion removes its requests, whose trigger removes the rows, and a
 * key would check each message's row on insert.
 *
 * The request's own words (`requests.search`) get a GIN index over open conversations only, beside
 * 0002's over all: the inbox searches open conversations, and 0002's index answers a project's
 * every match (closed ones, four in five, included), each then read from the table and dropped.
 * Its cost is on updates of open conversations (each message moves its conversation's
 * `updated_at`), which already write 0002's index and 0025's.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE open_message_search (
      project_id text NOT NULL,
      request text NOT NULL,
      search tsvector NOT NULL
    );
    CREATE INDEX open_message_search_idx ON open_message_search USING gin (search);
    CREATE INDEX open_message_search_request_idx ON open_message_search (request);
    CREATE INDEX requests_open_search_idx ON requests USING gin (search) WHERE status < 1000;

    -- The words of a message's text, without positions; NULL when it has none.
    CREATE FUNCTION message_words(text text) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT nullif(strip(to_tsvector('simple', coalesce(text, ''))), ''::tsvector)
    $$;

    INSERT INTO open_message_search
      SELECT r.project_id, r.id, words.search
        FROM requests r
        JOIN messages m ON m.project_id = r.project_id AND m.recipient = r.request_id
        CROSS JOIN LATERAL (SELECT message_words(m.text) AS search) AS words
       WHERE r.status < 1000 AND words.search IS NOT NULL;

    -- Direct messages (to a user) have no request and are left out with closed conversations'.
    CREATE FUNCTION open_message_search_add() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO open_message_search
        SELECT r.project_id, r.id, words.search
          FROM added a
          JOIN requests r ON r.request_id = a.recipient AND r.project_id = a.project_id
          CROSS JOIN LATERAL (SELECT message_words(a.text) AS search) AS words
         WHERE r.status < 1000 AND words.search IS NOT NULL;
      RETURN NULL;
    END $$;

    CREATE FUNCTION open_message_search_move() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.status < 1000 THEN
        INSERT INTO open_message_search
          SELECT NEW.project_id, NEW.id, words.search
            FROM messages m CROSS JOIN LATERAL (SELECT message_words(m.text) AS search) AS words
           WHERE m.project_id = NEW.project_id AND m.recipient = NEW.request_id AND words.search IS NOT NULL;
      ELSE
        DELETE FROM open_message_search WHERE request = OLD.id;
      END IF;
      RETURN NULL;
    END $$;

    CREATE FUNCTION open_message_search_remove() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      DELETE FROM open_message_search s USING removed r WHERE s.request = r.id AND r.status < 1000;
      RETURN NULL;
    END $$;

    CREATE TRIGGER open_message_search_on_insert AFTER INSERT ON messages
      REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION open_message_search_add();
    CREATE TRIGGER open_message_search_on_status AFTER UPDATE OF status ON requests FOR EACH ROW
      WHEN ((OLD.status < 1000) IS DISTINCT FROM (NEW.status < 1000)) EXECUTE FUNCTION open_message_search_move();
    CREATE TRIGGER open_message_search_on_delete AFTER DELETE ON requests
      REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION open_message_search_remove();
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TRIGGER open_message_search_on_insert ON messages;
    DROP TRIGGER open_message_search_on_status ON requests;
    DROP TRIGGER open_message_search_on_delete ON requests;
    DROP FUNCTION open_message_search_add();
    DROP FUNCTION open_message_search_move();
    DROP FUNCTION open_message_search_remove();
    DROP TABLE open_message_search;
    DROP INDEX requests_open_search_idx;
    DROP FUNCTION message_words(text);
  `.execute(db);
}
