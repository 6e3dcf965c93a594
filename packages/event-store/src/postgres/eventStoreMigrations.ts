import type { Migration } from '@gsr/db'
import { appendGroupByAppendMigration } from './appendGroupByAppendMigration.ts'
import { appendGroupMigration } from './appendGroupStatement.ts'
import { oneEventAppendMigration } from './oneEventAppendMigration.ts'
import { oneEventGroupAppendMigration } from './oneEventGroupAppendMigration.ts'

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
  {
    // Tamper evidence: every event's hash links it to its stream's previous event (see
    // ../chain/eventHash.ts, which computes the same in TypeScript). Events recorded before
    // this migration are chained here, once, in revision order; later appends chain theirs in
    // es_append and the group statement, under the stream row's lock, so concurrent appends
    // to one stream queue and each links to the one before it.
    name: 'event_store_003_hash_chain',
    up: `
      CREATE FUNCTION es_event_link(p_previous bytea, p_stream text, p_revision int8, p_id text, p_type text,
                                    p_data jsonb, p_metadata jsonb)
      RETURNS bytea LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
        SELECT sha256(p_previous || sha256(convert_to(jsonb_build_object(
          'stream', p_stream, 'revision', p_revision, 'id', p_id::uuid::text, 'type', p_type,
          'data', COALESCE(p_data, 'null'::jsonb), 'metadata', p_metadata)::text, 'UTF8')))
      $fn$;

      -- The links of events appended to p_stream from p_first_revision on. VOLATILE on purpose:
      -- its read of the predecessor takes a fresh snapshot, so it sees the event a concurrent
      -- append committed while this one waited for the stream row's lock.
      CREATE FUNCTION es_chain_hashes(p_stream text, p_first_revision int8, p_events jsonb)
      RETURNS bytea[] LANGUAGE plpgsql VOLATILE AS $fn$
      DECLARE
        v_previous bytea;
        v_revision int8 := p_first_revision;
        v_doc jsonb;
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
        FOR v_doc IN SELECT e.doc FROM jsonb_array_elements(p_events) WITH ORDINALITY AS e(doc, ord) ORDER BY e.ord LOOP
          v_previous := es_event_link(v_previous, p_stream, v_revision, v_doc->>'id', v_doc->>'type',
                                      v_doc->'data', v_doc->'metadata');
          v_out := v_out || v_previous;
          v_revision := v_revision + 1;
        END LOOP;
        RETURN v_out;
      END
      $fn$;

      ALTER TABLE es_events ADD COLUMN hash bytea;
      DO $do$
      DECLARE
        r record;
        v_stream text;
        v_previous bytea;
      BEGIN
        FOR r IN SELECT sequence, stream_name, revision, event_id, type, data, metadata FROM es_events
                  ORDER BY stream_name, revision LOOP
          IF v_stream IS DISTINCT FROM r.stream_name THEN
            v_stream := r.stream_name;
            v_previous := decode(repeat('00', 32), 'hex');
          END IF;
          v_previous := es_event_link(v_previous, r.stream_name, r.revision, r.event_id::text, r.type, r.data, r.metadata);
          UPDATE es_events SET hash = v_previous WHERE sequence = r.sequence;
        END LOOP;
      END
      $do$;
      ALTER TABLE es_events ALTER COLUMN hash SET NOT NULL;

      CREATE OR REPLACE FUNCTION es_append(p_stream text, p_count int8, p_events jsonb, p_expected text)
      RETURNS TABLE (out_revision int8, out_sequence int8, out_commit int8)
      LANGUAGE plpgsql AS $fn$
      DECLARE
        v_revision int8;
        v_hashes bytea[];
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
        v_hashes := es_chain_hashes(p_stream, v_revision - p_count + 1, p_events);
        RETURN QUERY
          WITH inserted AS (
            INSERT INTO es_events (stream_name, revision, event_id, type, data, metadata, hash)
            SELECT p_stream, v_revision - p_count + e.ord, (e.doc->>'id')::uuid, e.doc->>'type',
                   e.doc->'data', e.doc->'metadata', v_hashes[e.ord]
              FROM jsonb_array_elements(p_events) WITH ORDINALITY AS e(doc, ord)
             ORDER BY e.ord
            RETURNING es_events.revision, es_events.sequence, es_events.transaction_id::text::int8 AS tx
          )
          SELECT i.revision, i.sequence, i.tx FROM inserted AS i;
      END
      $fn$;
    `,
  },
  appendGroupMigration,
  appendGroupByAppendMigration,
  oneEventAppendMigration,
  oneEventGroupAppendMigration,
]
