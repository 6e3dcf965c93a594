/**
 * The migration that makes a group of one-event appends cheaper for the database:
 * es_append_group (same parameter and rows as migrations 004-005) looks a one-event append's id
 * up with one index probe, and inserts the event with one INSERT ... VALUES ... RETURNING,
 * as es_append does since migration 006, instead of a CTE over jsonb_array_elements with an
 * aggregate. Longer appends, the locks and the ordering rules are migration 005's.
 */
export const oneEventGroupAppendMigration = {
  name: 'event_store_007_one_event_group_append',
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
      -- Every statement here must have one plan, an index probe, whatever the table's size (see
      -- migration 005: PL/pgSQL keeps a generic plan per session).
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
        IF r.count = 1 THEN
          v_doc := r.events->0;
          CONTINUE WHEN EXISTS (SELECT 1 FROM es_events WHERE event_id = (v_doc->>'id')::uuid);
        ELSE
          CONTINUE WHEN EXISTS (SELECT 1 FROM jsonb_array_elements(r.events) AS d
                                 CROSS JOIN LATERAL (SELECT 1 FROM es_events WHERE event_id = (d->>'id')::uuid LIMIT 1) AS e);
        END IF;
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
        out_i := r.i;
        out_revision := v_revision;
        IF r.count = 1 THEN
          -- es_event_link's bytes, inline. A missing predecessor gives a NULL hash, which the NOT
          -- NULL column refuses.
          v_previous := NULL;
          IF v_revision = 0 THEN
            v_previous := '\\x0000000000000000000000000000000000000000000000000000000000000000'::bytea;
          ELSE
            SELECT hash INTO v_previous FROM es_events WHERE stream_name = r.stream AND revision = v_revision - 1;
          END IF;
          INSERT INTO es_events (stream_name, revision, event_id, type, data, metadata, hash)
          VALUES (r.stream, v_revision, (v_doc->>'id')::uuid, v_doc->>'type', v_doc->'data', v_doc->'metadata',
                  sha256(v_previous || sha256(convert_to(jsonb_build_object(
                    'stream', r.stream, 'revision', v_revision, 'id', (v_doc->>'id')::uuid::text, 'type', v_doc->>'type',
                    'data', COALESCE(v_doc->'data', 'null'::jsonb), 'metadata', v_doc->'metadata')::text, 'UTF8'))))
          RETURNING sequence, transaction_id::text::int8 INTO out_sequence, out_commit;
        ELSE
          v_hashes := es_chain_hashes(r.stream, v_revision - r.count + 1, r.events);
          WITH inserted AS (
            INSERT INTO es_events (stream_name, revision, event_id, type, data, metadata, hash)
            SELECT r.stream, v_revision - r.count + e.ord, (e.doc->>'id')::uuid, e.doc->>'type', e.doc->'data',
                   e.doc->'metadata', v_hashes[e.ord]
              FROM jsonb_array_elements(r.events) WITH ORDINALITY AS e(doc, ord)
             ORDER BY e.ord
            RETURNING sequence, transaction_id
          )
          SELECT max(sequence), max(transaction_id)::text::int8 INTO out_sequence, out_commit FROM inserted;
        END IF;
        RETURN NEXT;
      END LOOP;
    END
    $fn$;
  `,
}
