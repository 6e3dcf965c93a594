import type { Migration } from '@gsr/db'

/**
 * Anchors live in the SQL database in every mode (in the cluster mode, the read models'):
 * `es_anchors` one signed statement per anchor; `es_anchor_heads` the stream heads each
 * anchor changed since the one before (an anchor's heads are the latest row per stream up to
 * it), so an anchor costs the streams that moved, not all of them.
 */
export const anchorMigrations: Migration[] = [
  {
    name: 'event_store_anchors_001',
    up: `
      CREATE TABLE es_anchors (
        sequence int8 PRIMARY KEY,
        anchored_at timestamptz NOT NULL,
        position_commit int8,
        position_prepare int8,
        root text NOT NULL,
        statement text NOT NULL,
        public_key text NOT NULL,
        signature text NOT NULL
      );
      CREATE TABLE es_anchor_heads (
        anchor_sequence int8 NOT NULL REFERENCES es_anchors (sequence),
        stream_name text NOT NULL,
        revision int8 NOT NULL,
        hash text NOT NULL,
        PRIMARY KEY (stream_name, anchor_sequence)
      );
    `,
  },
]
