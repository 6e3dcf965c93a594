import type { Migration } from '@gsr/db'

/**
 * Read model `cylinder_register` (kysely-style interface). Dates are ISO `YYYY-MM-DD` text
 * (same on both adapters, compared as text); instants are timestamptz.
 */
export interface CylinderRegisterTables {
  cyl_cylinders: {
    code: string
    cylinder_type: string
    gas: string
    manufacturer: string
    serial_number: string | null
    manufacture_date: string
    owner_organisation_id: string
    station_id: string
    region_code: string
    refurbished: boolean
    registered_on: string
    next_inspection_date: string
    design_life_end_date: string
    last_inspection_date: string | null
    last_inspection_result: string | null
    scrapped_on: string | null
    /** Found refurbished by an agency or enforcement from this day; null when declared at registration or never. */
    refurbished_on: string | null
    /** stationId -> [{ from, until }]: entrustments, read by the pre-fill check with the row. */
    entrustments: Record<string, { from: string; until?: string | null }[]>
    /** Due date for which the scheduler's InspectionDue / InspectionOverdue were seen. */
    due_raised_for: string | null
    overdue_raised_for: string | null
    rule_version: string
  }
  cyl_entrustments: {
    cylinder_code: string
    station_id: string
    owner_organisation_id: string
    entrusted_from: string
    entrusted_until: string | null
    ended_on: string | null
    event_id: string
  }
  /** Every event of a cylinder's own stream, for the trace. */
  cyl_history: {
    event_id: string
    cylinder_code: string
    type: string
    occurred_at: Date
    position_commit: number
    position_prepare: number
    organisation_id: string
    data: unknown
  }
  cyl_fills: {
    fill_id: string
    event_id: string
    cylinder_code: string
    station_id: string
    region_code: string
    operator_id: string
    filled_at: Date
    fill_date: string
    gas: string
    quantity_kg: number
    pre_fill_checks: unknown
    post_fill_checks: unknown
    prefill_check_id: string | null
    terminal_id: string | null
    position_commit: number
    position_prepare: number
  }
  cyl_fill_checks: {
    check_id: string
    event_id: string
    cylinder_code: string
    station_id: string
    region_code: string
    operator_id: string | null
    checked_at: Date
    check_date: string
    decision: string
    reasons: string[]
    basis: unknown
    position_commit: number
    position_prepare: number
  }
}

export const cylinderRegisterMigrations: readonly Migration[] = [
  {
    name: 'cylinder_register_001_tables',
    up: `
      CREATE TABLE cyl_cylinders (
        code text PRIMARY KEY,
        cylinder_type text NOT NULL,
        gas text NOT NULL,
        manufacturer text NOT NULL,
        serial_number text,
        manufacture_date text NOT NULL,
        owner_organisation_id text NOT NULL,
        station_id text NOT NULL,
        region_code text NOT NULL,
        refurbished boolean NOT NULL,
        registered_on text NOT NULL,
        next_inspection_date text NOT NULL,
        design_life_end_date text NOT NULL,
        last_inspection_date text,
        last_inspection_result text,
        scrapped_on text,
        entrustments jsonb NOT NULL DEFAULT '{}'::jsonb,
        due_raised_for text,
        overdue_raised_for text,
        rule_version text NOT NULL
      );
      CREATE INDEX cyl_cylinders_owner ON cyl_cylinders (owner_organisation_id, code);
      CREATE INDEX cyl_cylinders_station ON cyl_cylinders (station_id, code);
      CREATE INDEX cyl_cylinders_region ON cyl_cylinders (region_code, code);
      CREATE INDEX cyl_cylinders_due ON cyl_cylinders (next_inspection_date) WHERE scrapped_on IS NULL;

      CREATE TABLE cyl_entrustments (
        cylinder_code text NOT NULL,
        station_id text NOT NULL,
        owner_organisation_id text NOT NULL,
        entrusted_from text NOT NULL,
        entrusted_until text,
        ended_on text,
        event_id text PRIMARY KEY
      );
      CREATE INDEX cyl_entrustments_station ON cyl_entrustments (station_id, cylinder_code);

      CREATE TABLE cyl_history (
        event_id text PRIMARY KEY,
        cylinder_code text NOT NULL,
        type text NOT NULL,
        occurred_at timestamptz NOT NULL,
        position_commit int8 NOT NULL,
        position_prepare int8 NOT NULL,
        organisation_id text NOT NULL,
        data jsonb NOT NULL
      );
      CREATE INDEX cyl_history_cylinder ON cyl_history (cylinder_code);

      CREATE TABLE cyl_fills (
        fill_id text PRIMARY KEY,
        event_id text NOT NULL,
        cylinder_code text NOT NULL,
        station_id text NOT NULL,
        region_code text NOT NULL,
        operator_id text NOT NULL,
        filled_at timestamptz NOT NULL,
        fill_date text NOT NULL,
        gas text NOT NULL,
        quantity_kg float8 NOT NULL,
        pre_fill_checks jsonb NOT NULL,
        post_fill_checks jsonb NOT NULL,
        prefill_check_id text,
        terminal_id text,
        position_commit int8 NOT NULL,
        position_prepare int8 NOT NULL
      );
      CREATE INDEX cyl_fills_station_day ON cyl_fills (station_id, fill_date, filled_at, fill_id);
      CREATE INDEX cyl_fills_cylinder ON cyl_fills (cylinder_code);

      CREATE TABLE cyl_fill_checks (
        check_id text PRIMARY KEY,
        event_id text NOT NULL,
        cylinder_code text NOT NULL,
        station_id text NOT NULL,
        region_code text NOT NULL,
        operator_id text,
        checked_at timestamptz NOT NULL,
        check_date text NOT NULL,
        decision text NOT NULL,
        reasons jsonb NOT NULL,
        basis jsonb NOT NULL,
        position_commit int8 NOT NULL,
        position_prepare int8 NOT NULL
      );
      CREATE INDEX cyl_fill_checks_cylinder ON cyl_fill_checks (cylinder_code);
      CREATE INDEX cyl_fill_checks_station_day ON cyl_fill_checks (station_id, check_date);
    `,
  },
  {
    // Fills are the bulk of the log: one index fewer per fill. The key is the station-day
    // index the listings already need (fill_id in it keeps it unique: fill ids are event ids);
    // the separate fill_id key, a random UUID, cost more than any other index on bulk uploads.
    // Lookups by fill id (recordFills' "already held?") go through this key: a retried fill
    // has the same station, day and time as the one recorded.
    name: 'cylinder_register_003_fills_keyed_by_station_day',
    up: `
      ALTER TABLE cyl_fills DROP CONSTRAINT cyl_fills_pkey;
      DROP INDEX cyl_fills_station_day;
      ALTER TABLE cyl_fills ADD CONSTRAINT cyl_fills_pkey PRIMARY KEY (station_id, fill_date, filled_at, fill_id);
    `,
  },
]
