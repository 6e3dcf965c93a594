import type { Migration } from '@gsr/db'

export const violationsMigrations: readonly Migration[] = [
  {
    name: 'enforcement_violations_001_tables',
    up: `
      CREATE TABLE enf_violations (
        id text PRIMARY KEY,
        category text NOT NULL,
        sub_reason text NOT NULL,
        subject_kind text NOT NULL,
        subject_id text NOT NULL,
        organisation_id text NOT NULL,
        region text NOT NULL,
        occurred_at timestamptz NOT NULL,
        occurred_on text NOT NULL,
        detected_at timestamptz NOT NULL,
        evidence jsonb NOT NULL,
        details jsonb NOT NULL,
        status text NOT NULL,
        cure_key text,
        resolved_by_event_id text,
        resolved_at timestamptz
      );
      CREATE INDEX enf_violations_list ON enf_violations (occurred_at DESC, id DESC);
      CREATE INDEX enf_violations_region ON enf_violations (region text_pattern_ops, occurred_at DESC);
      CREATE INDEX enf_violations_org ON enf_violations (organisation_id, occurred_on);
      CREATE INDEX enf_violations_cure ON enf_violations (cure_key) WHERE status = 'open';
      CREATE TABLE enf_cylinders (cylinder_code text PRIMARY KEY, facts jsonb NOT NULL);
      CREATE TABLE enf_operators (person_id text PRIMARY KEY, facts jsonb NOT NULL);
      CREATE TABLE enf_appliance_models (model_key text PRIMARY KEY, facts jsonb NOT NULL);
      CREATE TABLE enf_registrations (
        registration_code text PRIMARY KEY,
        event_id text NOT NULL,
        stream_name text NOT NULL,
        revision int NOT NULL,
        registered_on text NOT NULL,
        organisation_id text NOT NULL,
        cancelled_on text
      );
    `,
  },
  {
    // A resolution names the curing event's type and its field day (what `on=` queries read).
    name: 'enforcement_violations_002_resolution_day',
    up: `
      ALTER TABLE enf_violations ADD COLUMN resolved_by_event_type text, ADD COLUMN resolved_on text;
    `,
  },
  {
    // A page of a province, a city or a county is a range of one index in the page's order
    // (issue 21; listViolations: scopeCondition). Before, a city's page walked enf_violations_list
    // past every other city's rows, and a county's page sorted its rows (no id in the index).
    name: 'enforcement_violations_003_scope_pages',
    up: `
      CREATE INDEX enf_violations_province ON enf_violations (left(region, 2), occurred_at DESC, id DESC);
      CREATE INDEX enf_violations_city ON enf_violations (left(region, 4), occurred_at DESC, id DESC);
      DROP INDEX enf_violations_region;
      CREATE INDEX enf_violations_region ON enf_violations (region text_pattern_ops, occurred_at DESC, id DESC);
    `,
  },
  {
    // In a one-province deployment enf_violations_province holds the same entries in the same
    // order as the list index (one value of left(region, 2)): a province's page reads either with
    // the same plan and buffers (scripts/bench/violationsPlanted.ts). The list index is the one
    // to go: it serves only the unscoped list, which no route asks (a team's scope is its region),
    // while the province index keeps a province's page a range of its own rows in any deployment.
    name: 'enforcement_violations_004_drop_list_index',
    up: `
      DROP INDEX enf_violations_list;
    `,
  },
]

export const violationsTables = [
  'enf_violations',
  'enf_cylinders',
  'enf_operators',
  'enf_appliance_models',
  'enf_registrations',
]
