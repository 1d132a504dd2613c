/**
 * Why: `full_text` on the request lists (issue 16) matches a conversation by its own fields or,
 * while it is open, by the words of its messages (a closed one's are in its transcript). Those
 * words were computed at query time: `to_tsvector` of every message of every open conversation of
 * the project, 200,000 vectors and 2 s per call at 100,000 conversations. A GIN index over every
 * message's text was tried and refused (it halved every message insert, imports of closed history
 * included, to serve one filter).
 *
 * `open_message_search` holds the words of the messages of open conversations only, behind a GIN
 * index: a row per conversation and statement (a live message, or an import's batch), its words
 * without positions (the score is computed on the request's own `search`) and each word once, so
 * an import's batch of 1,000 messages adds one row and its distinct words, not 1,000 rows and every
 * word of each. A row holds the words of at most about 200,000 characters (each message's first
 * 100,000), well within what a vector may hold (1 MB). Triggers keep it:
 * - a statement inserting messages adds the rows of those whose conversation is open;
 * - a conversation that closes takes its rows out (its transcript takes over), one that reopens
 *   puts them back from `messages`, one deleted (or its project) takes them out.
 * Every path that adds messages to a conversation, or closes or reopens it, holds the request's
 * row lock (conversations.service.ts), so a message and a close of the same conversation are
 * ordered: the close's trigger sees the message's rows, or the message's trigger sees the close.
 * Messages are not updated by the server, and are deleted only with their conversation.
 *
 * No foreign key: a project's deletion removes its requests, whose trigger removes the rows, and a
 * key would check each row on insert.
 *
 * The request's own words (`requests.search`) get a GIN index over open conversations only, beside
 * 0002's over all: the inbox searches open conversations, and 0002's index answers a project's
 * every match (closed ones, four in five, included), each then read from the table and dropped.
 * Its cost is on updates of open conversations (each message moves its conversation's
 * `updated_at`): about 3% of such an update, which already writes 0002's index and 0025's.
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

    -- The words of some messages of one conversation, each once and without positions (none when
    -- they have no words): each text counts for its first 100,000 characters, and the texts are cut
    -- into parts of at most about 200,000 characters, a vector each.
    CREATE FUNCTION conversation_words(texts text[]) RETURNS SETOF tsvector LANGUAGE sql IMMUTABLE AS $$
      SELECT words FROM (
        SELECT strip(to_tsvector('simple', string_agg(text, ' '))) AS words FROM (
          SELECT text, sum(length(text)) OVER (ORDER BY n) / 100000 AS part
            FROM (SELECT left(t.text, 100000) AS text, t.n FROM unnest(texts) WITH ORDINALITY AS t(text, n)) AS capped
           WHERE text <> '') AS parted
         GROUP BY part OFFSET 0) AS parts
      WHERE words <> ''::tsvector
    $$;

    INSERT INTO open_message_search
      SELECT r.project_id, r.id, words.words
        FROM requests r
        CROSS JOIN LATERAL conversation_words(ARRAY(
          SELECT m.text FROM messages m WHERE m.project_id = r.project_id AND m.recipient = r.request_id
        )) AS words(words)
       WHERE r.status < 1000;

    -- Direct messages (to a user) have no request and are left out with closed conversations'.
    -- The statement's messages are grouped by conversation once, and its conversations read by
    -- their ids (\`= ANY\`, one index probe each): a join with the transition table, which has no
    -- statistics, was planned as a hash of every open conversation, and a subquery per
    -- conversation over it read the whole statement once per conversation.
    CREATE FUNCTION open_message_search_add() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO open_message_search
        SELECT r.project_id, r.id, words.words
          FROM requests r
          JOIN (SELECT project_id, recipient, array_agg(text) AS texts FROM added GROUP BY 1, 2) AS a
            ON a.recipient = r.request_id AND a.project_id = r.project_id
          CROSS JOIN LATERAL conversation_words(a.texts) AS words(words)
         WHERE r.request_id = ANY (ARRAY(SELECT DISTINCT recipient FROM added)) AND r.status < 1000;
      RETURN NULL;
    END $$;

    CREATE FUNCTION open_message_search_move() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.status < 1000 THEN
        INSERT INTO open_message_search
          SELECT NEW.project_id, NEW.id, words.words
            FROM conversation_words(ARRAY(
              SELECT m.text FROM messages m WHERE m.project_id = NEW.project_id AND m.recipient = NEW.request_id
            )) AS words(words);
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
    DROP FUNCTION conversation_words(text[]);
    DROP TABLE open_message_search;
    DROP INDEX requests_open_search_idx;
  `.execute(db);
}
