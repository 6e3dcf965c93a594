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
]
