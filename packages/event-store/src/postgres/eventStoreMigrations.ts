import type { Migration } from '@gsr/db'

/**
 * Schema of the PostgreSQL event store. `es_streams` holds each stream's last revision: the
 * row every append to the stream updates, so concurrent appends queue on its row lock and the
 * expected-revision check can never be bypassed. `es_events.transaction_id` is the writing
 * transaction's id: readers order by (transaction_id, sequence) and only read rows below the
 * oldest running transaction, so a late-committing low sequence number is never skipped.
 */
export const eventStoreMigrations: Migration[] = [
  {
    name: 'event_store_001_streams_and_events',
    up: `
      CREATE TABLE es_streams (
        stream_name text PRIMARY KEY,
        revision int8 NOT NULL
      );
      CREATE TABLE es_events (
        sequence int8 GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        stream_name text NOT NULL,
        revision int8 NOT NULL,
        event_id uuid NOT NULL,
        type text NOT NULL,
        data jsonb NOT NULL,
        metadata jsonb NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
        CONSTRAINT es_events_event_id_key UNIQUE (event_id),
        CONSTRAINT es_events_stream_revision_key UNIQUE (stream_name, revision)
      );
      CREATE INDEX es_events_global_order ON es_events (transaction_id, sequence);
    `,
  },
  {
    // The append as a function: PL/pgSQL keeps its statements' plans for the session, so an
    // append is no longer planned on every call (planning was most of its cost on PGlite).
    // It moves the stream's revision only if the expectation holds (serialised by the stream
    // row's lock), then inserts the events after it; no rows back when the expectation fails.
    name: 'event_store_002_append_function',
    up: `
      CREATE FUNCTION es_append(p_stream text, p_count int8, p_events jsonb, p_expected text)
      RETURNS TABLE (out_revision int8, out_sequence int8, out_commit int8)
      LANGUAGE plpgsql AS $fn$
      DECLARE
        v_revision int8;
      BEGIN
        IF p_expected = 'any' THEN
          INSERT INTO es_streams AS s (stream_name, revision) VALUES (p_stream, p_count - 1)
            ON CONFLICT (stream_name) DO UPDATE SET revision = s.revision + p_count
            RETURNING s.revision INTO v_revision;
        ELSIF p_expected = 'no_stream' THEN
          INSERT INTO es_streams AS s (stream_name, revision) VALUES (p_stream, p_count - 1)
            ON CONFLICT (stream_name) DO NOTHING
            RETURNING s.revision INTO v_revision;
        ELSE
          UPDATE es_streams AS s SET revision = s.revision + p_count
           WHERE s.stream_name = p_stream AND s.revision = p_expected::int8
           RETURNING s.revision INTO v_revision;
        END IF;
        IF v_revision IS NULL THEN
          RETURN;
        END IF;
        RETURN QUERY
          WITH inserted AS (
            INSERT INTO es_events (stream_name, revision, event_id, type, data, metadata)
            SELECT p_stream, v_revision - p_count + e.ord, (e.doc->>'id')::uuid, e.doc->>'type',
                   e.doc->'data', e.doc->'metadata'
              FROM jsonb_array_elements(p_events) WITH ORDINALITY AS e(doc, ord)
             ORDER BY e.ord
            RETURNING es_events.revision, es_events.sequence, es_events.transaction_id::text::int8 AS tx
          )
          SELECT i.revision, i.sequence, i.tx FROM inserted AS i;
      END
      $fn$;
    `,
  },
]
