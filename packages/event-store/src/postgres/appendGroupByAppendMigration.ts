/**
 * The migration that rewrites es_append_group (same parameter and rows as migration 004, see
 * appendGroupStatement.ts) as a loop of single appends, each a few short statements whose plans
 * PL/pgSQL keeps: the one-query-per-round version cost more database CPU per append than
 * es_append alone (measured on one connection: a group of 8 one-event appends 4.4 ms, against
 * 0.36 ms for one es_append), so grouping saved commits but spent more than it saved. This one
 * takes about a third of es_append per append, so a group also pays when commits are cheap.
 *
 * The ordering rules are the same: every stream that exists is locked first, in name order,
 * without waiting (a busy stream fails the group at once, 55P03, and its appends go alone), so
 * the group never waits for another transaction's stream after taking its transaction id (which
 * would give its later revisions an earlier place in the global order). Only streams the group
 * holds are updated; any other stream is only created (ON CONFLICT DO NOTHING): if another
 * transaction created it after the locks, the append returns no row and the caller re-runs it
 * alone. An append whose event ids are already recorded (a replay, or a re-used id) returns no
 * row and changes nothing; the caller tells which. Appends to the same stream follow each other
 * in the order of the rounds.
 */
export const appendGroupByAppendMigration = {
  name: 'event_store_005_append_group_append_by_append',
  up: `
    CREATE OR REPLACE FUNCTION es_append_group(p_rounds jsonb)
    RETURNS TABLE (out_i int, out_revision int8, out_sequence int8, out_commit int8)
    LANGUAGE plpgsql AS $fn$
    DECLARE
      r record;
      v_names text[];
      v_held text[];
      v_revision int8;
      v_previous bytea;
      v_hashes bytea[];
      v_doc jsonb;
    BEGIN
      -- Every statement here must have one plan, an index probe, whatever the table's size: PL/pgSQL
      -- keeps a generic plan per session, and one made while es_events was small scanned it on
      -- every later call (= ANY (ARRAY(subquery)) did: 4 ms per group after 30 groups, then 150 ms).
      SELECT array_agg(x->>'stream') INTO v_names
        FROM jsonb_array_elements(p_rounds) AS rr(round) CROSS JOIN LATERAL jsonb_array_elements(rr.round) AS x;
      SELECT COALESCE(array_agg(stream_name), '{}') INTO v_held FROM (
        SELECT stream_name FROM es_streams WHERE stream_name = ANY (v_names)
         ORDER BY stream_name
         FOR UPDATE NOWAIT) AS locked;
      FOR r IN
        SELECT x.i, x.stream, x.expected, x.count, x.events
          FROM jsonb_array_elements(p_rounds) WITH ORDINALITY AS rr(round, n)
         CROSS JOIN LATERAL ROWS FROM (jsonb_to_recordset(rr.round) AS (i int, stream text, expected text, count int8, events jsonb))
               WITH ORDINALITY AS x(i, stream, expected, count, events, k)
         ORDER BY rr.n, x.k
      LOOP
        CONTINUE WHEN EXISTS (SELECT 1 FROM jsonb_array_elements(r.events) AS d
                               CROSS JOIN LATERAL (SELECT 1 FROM es_events WHERE event_id = (d->>'id')::uuid LIMIT 1) AS e);
        v_revision := NULL;
        IF r.stream = ANY (v_held) THEN
          IF r.expected = 'any' THEN
            UPDATE es_streams AS s SET revision = s.revision + r.count
             WHERE s.stream_name = r.stream
             RETURNING s.revision INTO v_revision;
          ELSIF r.expected <> 'no_stream' THEN
            UPDATE es_streams AS s SET revision = s.revision + r.count
             WHERE s.stream_name = r.stream AND s.revision = r.expected::int8
             RETURNING s.revision INTO v_revision;
          END IF;
        ELSIF r.expected IN ('any', 'no_stream') THEN
          INSERT INTO es_streams (stream_name, revision) VALUES (r.stream, r.count - 1)
            ON CONFLICT (stream_name) DO NOTHING
            RETURNING revision INTO v_revision;
          IF v_revision IS NOT NULL THEN
            v_held := v_held || r.stream;
          END IF;
        END IF;
        CONTINUE WHEN v_revision IS NULL;
        IF r.count = 1 THEN
          -- es_event_link's bytes, inline (the common one-event append skips a function call). A
          -- missing predecessor gives a NULL hash, which the NOT NULL column refuses.
          v_previous := NULL;
          IF v_revision = 0 THEN
            v_previous := '\\x0000000000000000000000000000000000000000000000000000000000000000'::bytea;
          ELSE
            SELECT hash INTO v_previous FROM es_events WHERE stream_name = r.stream AND revision = v_revision - 1;
          END IF;
          v_doc := r.events->0;
          v_hashes := ARRAY[sha256(v_previous || sha256(convert_to(jsonb_build_object(
            'stream', r.stream, 'revision', v_revision, 'id', (v_doc->>'id')::uuid::text, 'type', v_doc->>'type',
            'data', COALESCE(v_doc->'data', 'null'::jsonb), 'metadata', v_doc->'metadata')::text, 'UTF8')))];
        ELSE
          v_hashes := es_chain_hashes(r.stream, v_revision - r.count + 1, r.events);
        END IF;
        out_i := r.i;
        out_revision := v_revision;
        WITH inserted AS (
          INSERT INTO es_events (stream_name, revision, event_id, type, data, metadata, hash)
          SELECT r.stream, v_revision - r.count + e.ord, (e.doc->>'id')::uuid, e.doc->>'type', e.doc->'data',
                 e.doc->'metadata', v_hashes[e.ord]
            FROM jsonb_array_elements(r.events) WITH ORDINALITY AS e(doc, ord)
           ORDER BY e.ord
          RETURNING sequence, transaction_id
        )
        SELECT max(sequence), max(transaction_id)::text::int8 INTO out_sequence, out_commit FROM inserted;
        RETURN NEXT;
      END LOOP;
    END
    $fn$;
  `,
}
