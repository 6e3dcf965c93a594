/**
 * The migration that puts the group append in a PL/pgSQL function, es_append_group(rounds) (its
 * body is now migration 005's, appendGroupByAppendMigration.ts; parameter and rows unchanged):
 * one statement, one round trip and one implicit transaction per group, however many rounds,
 * and its plans are kept for the session (the CTE was planned on every call before).
 *
 * A round appends several requests, each to a different stream (callers split groups into such
 * rounds; later rounds see earlier ones' writes), each with its own expected revision. Refused
 * requests (expectation not met, or an id already recorded) change nothing and return no row;
 * the others return (i, revision, sequence, commit) of their last event. Parameter: a JSON
 * array of rounds, each an array of { i, stream, expected: 'any' | 'no_stream' | '<revision>',
 * count, events }.
 *
 * Each request's events are chained to its stream's previous event (es_chain_hashes). The
 * group never waits for a stream another transaction holds and then writes to it: existing
 * streams are locked up front with NOWAIT; an 'any' append to a stream that did not exist is
 * only inserted (ON CONFLICT DO NOTHING), and if another transaction created it meanwhile it
 * returns no row and the caller re-runs it alone. So the global order (transaction id) of
 * every stream's events follows their revisions. New stream rows are inserted in stream-name
 * order (callers sort each round by stream too).
 */
export const appendGroupMigration = {
  name: 'event_store_004_append_group_function',
  up: `
    -- The same links as before (es_event_link's bytes), with the digests of the events' canonical
    -- forms taken in one query instead of one es_event_link call per event.
    CREATE OR REPLACE FUNCTION es_chain_hashes(p_stream text, p_first_revision int8, p_events jsonb)
    RETURNS bytea[] LANGUAGE plpgsql VOLATILE AS $fn$
    DECLARE
      v_previous bytea;
      v_digest bytea;
      v_out bytea[] := '{}';
    BEGIN
      IF p_first_revision = 0 THEN
        v_previous := decode(repeat('00', 32), 'hex');
      ELSE
        SELECT hash INTO v_previous FROM es_events WHERE stream_name = p_stream AND revision = p_first_revision - 1;
        IF v_previous IS NULL THEN
          RAISE EXCEPTION 'es_chain_hashes: no event % in stream % to link to', p_first_revision - 1, p_stream;
        END IF;
      END IF;
      FOR v_digest IN
        SELECT sha256(convert_to(jsonb_build_object(
                 'stream', p_stream, 'revision', p_first_revision + e.ord - 1, 'id', (e.doc->>'id')::uuid::text,
                 'type', e.doc->>'type', 'data', COALESCE(e.doc->'data', 'null'::jsonb),
                 'metadata', e.doc->'metadata')::text, 'UTF8'))
          FROM jsonb_array_elements(p_events) WITH ORDINALITY AS e(doc, ord)
         ORDER BY e.ord
      LOOP
        v_previous := sha256(v_previous || v_digest);
        v_out := v_out || v_previous;
      END LOOP;
      RETURN v_out;
    END
    $fn$;

    CREATE FUNCTION es_append_group(p_rounds jsonb)
    RETURNS TABLE (out_i int, out_revision int8, out_sequence int8, out_commit int8)
    LANGUAGE plpgsql AS $fn$
    DECLARE
      v_round jsonb;
    BEGIN
      -- Lock every existing stream of the group first, without waiting: a group that waited for
      -- another transaction's stream after taking its own transaction id could commit events
      -- whose revisions follow that transaction's while its id (the global order) precedes it.
      -- A busy stream fails the group at once (55P03); its appends then go alone.
      PERFORM 1 FROM es_streams
        WHERE stream_name = ANY (ARRAY(SELECT x->>'stream' FROM jsonb_array_elements(p_rounds) AS r(round)
                                       CROSS JOIN LATERAL jsonb_array_elements(r.round) AS x))
        ORDER BY stream_name
        FOR UPDATE NOWAIT;
      FOR v_round IN SELECT r FROM jsonb_array_elements(p_rounds) AS r LOOP
        RETURN QUERY
          WITH req AS (
            SELECT r.i, r.stream, r.expected, r.count, r.events
              FROM jsonb_to_recordset(v_round) AS r(i int, stream text, expected text, count int8, events jsonb)
          ),
          fresh AS (
            SELECT req.* FROM req
             WHERE NOT EXISTS (SELECT 1 FROM es_events WHERE event_id = ANY (ARRAY(
                     SELECT (d->>'id')::uuid FROM jsonb_array_elements(req.events) AS d)))
          ),
          -- Existing streams, locked above: an exact expectation or 'any' moves them.
          moved_old AS (
            UPDATE es_streams AS s SET revision = s.revision + f.count
              FROM fresh AS f
             WHERE s.stream_name = f.stream
               AND s.revision = CASE f.expected WHEN 'any' THEN s.revision WHEN 'no_stream' THEN -2 ELSE f.expected::int8 END
            RETURNING f.i, s.revision
          ),
          moved_new AS (
            INSERT INTO es_streams (stream_name, revision)
            SELECT f.stream, f.count - 1 FROM fresh AS f
             WHERE f.expected = 'no_stream'
                OR (f.expected = 'any' AND NOT EXISTS (SELECT 1 FROM es_streams AS s WHERE s.stream_name = f.stream))
             ORDER BY f.stream
            ON CONFLICT (stream_name) DO NOTHING
            RETURNING stream_name, revision
          ),
          -- Stream name -> request index (a round holds each stream once). A jsonb object lookup, not a
          -- join: the planner guesses 100 rows for jsonb_to_recordset and would join the streams back to
          -- their requests with a nested loop, quadratic in the group size (0.8 s for 1000 appends).
          by_stream AS MATERIALIZED (
            SELECT jsonb_object_agg(stream, i) AS m FROM fresh
          ),
          moved AS MATERIALIZED (
            SELECT i, revision FROM moved_old
            UNION ALL
            SELECT (b.m ->> m.stream_name)::int, m.revision FROM moved_new AS m CROSS JOIN by_stream AS b
          ),
          -- A one-event append is linked here, in the query (es_event_link's bytes: its predecessor,
          -- read after the stream was locked, or zeros for revision 0); longer ones by es_chain_hashes.
          -- A missing predecessor gives a NULL hash, which the NOT NULL column refuses.
          inserted AS (
            INSERT INTO es_events (stream_name, revision, event_id, type, data, metadata, hash)
            SELECT f.stream, m.revision - f.count + e.ord, (e.doc->>'id')::uuid, e.doc->>'type', e.doc->'data', e.doc->'metadata',
                   CASE WHEN f.count = 1
                     THEN sha256(
                            CASE WHEN m.revision = 0 THEN '\\x0000000000000000000000000000000000000000000000000000000000000000'::bytea
                                 ELSE p.hash END
                            || sha256(convert_to(jsonb_build_object(
                                 'stream', f.stream, 'revision', m.revision, 'id', (e.doc->>'id')::uuid::text,
                                 'type', e.doc->>'type', 'data', COALESCE(e.doc->'data', 'null'::jsonb),
                                 'metadata', e.doc->'metadata')::text, 'UTF8')))
                     ELSE c.hashes[e.ord] END
              FROM moved AS m
              JOIN fresh AS f ON f.i = m.i
             CROSS JOIN LATERAL (SELECT CASE WHEN f.count > 1
                                          THEN es_chain_hashes(f.stream, m.revision - f.count + 1, f.events) END AS hashes) AS c
              LEFT JOIN LATERAL (SELECT hash FROM es_events
                                  WHERE f.count = 1 AND m.revision > 0
                                    AND stream_name = f.stream AND revision = m.revision - 1) AS p ON true
             CROSS JOIN LATERAL jsonb_array_elements(f.events) WITH ORDINALITY AS e(doc, ord)
             ORDER BY f.i, e.ord
            RETURNING stream_name, revision, sequence, transaction_id::text::int8 AS commit
          )
          SELECT req.i, max(inserted.revision) AS revision, max(inserted.sequence) AS sequence, max(inserted.commit) AS commit
            FROM inserted JOIN req ON req.stream = inserted.stream_name
           GROUP BY req.i;
      END LOOP;
    END
    $fn$;
  `,
}

/** The group append (see appendGroupMigration): $1 is the rounds as JSON text. */
export const appendGroupStatement = `SELECT out_i AS i, out_revision AS revision, out_sequence AS sequence, out_commit AS commit
  FROM es_append_group($1::text::jsonb)`
