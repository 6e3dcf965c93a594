import type { Migration } from '@gsr/db'

/**
 * One row per projection: the position of the last event it has consumed (applied, filtered
 * out or quarantined), written in the same transaction as the projection's rows. `recorded_at`
 * is that event's recordedAt, so any process can compute seconds-behind from the table alone.
 *
 * `projection_quarantine`: the events a projection could not apply and skipped, one row per
 * projection and event, written in the transaction that moved the checkpoint past the event
 * (so a skip is never silent), deleted when a retry applies it or a rebuild starts over.
 *
 * `lease_holder`, `lease_expires_at`: the runner whose background loop applies the projection
 * now (see the README, "Several processes"); null when none holds it.
 */
export const checkpointMigrations: Migration[] = [
  {
    name: 'projections_001_checkpoints',
    up: `
      CREATE TABLE projection_checkpoints (
        name text PRIMARY KEY,
        position text NOT NULL,
        recorded_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
    `,
  },
  {
    name: 'projections_002_quarantine',
    up: `
      CREATE TABLE projection_quarantine (
        projection text NOT NULL,
        event_id text NOT NULL,
        stream_name text NOT NULL,
        stream_revision int8 NOT NULL,
        position_commit int8 NOT NULL,
        position_prepare int8 NOT NULL,
        event_type text NOT NULL,
        error text NOT NULL,
        attempts int4 NOT NULL,
        first_failed_at timestamptz NOT NULL DEFAULT now(),
        last_failed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (projection, event_id)
      );
      CREATE INDEX projection_quarantine_order ON projection_quarantine (projection, position_commit, position_prepare);
    `,
  },
  {
    // The version of the projection the rows were made by (Projection.version).
    name: 'projections_003_version',
    up: `ALTER TABLE projection_checkpoints ADD COLUMN version int4 NOT NULL DEFAULT 1;`,
  },
  {
    // The lease: which runner applies this projection now, and until when unless it renews.
    name: 'projections_004_lease',
    up: `ALTER TABLE projection_checkpoints ADD COLUMN lease_holder text, ADD COLUMN lease_expires_at timestamptz;`,
  },
]
