import type { Migration } from '@gsr/db'

/**
 * One row per projection: the position of the last event it has consumed (applied or
 * filtered out), written in the same transaction as the projection's rows. `recorded_at` is
 * that event's recordedAt, so any process can compute seconds-behind from the table alone.
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
]
