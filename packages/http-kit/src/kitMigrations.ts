import type { Migration } from '@gsr/db'

/** Tables the kit owns: identities, credentials, idempotency records. */
export const kitMigrations: readonly Migration[] = [
  {
    name: 'http_kit_001_identity',
    up: `
      CREATE TABLE kit_organisations (
        id text PRIMARY KEY,
        kind text NOT NULL,
        name text NOT NULL,
        region text NOT NULL CHECK (region ~ '^[0-9]{6}$'),
        accredited_regions jsonb NOT NULL DEFAULT '[]',
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE kit_members (
        id text PRIMARY KEY,
        organisation_id text NOT NULL REFERENCES kit_organisations (id),
        type text NOT NULL CHECK (type IN ('person', 'client')),
        name text NOT NULL,
        role text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX kit_members_organisation ON kit_members (organisation_id, id);
      -- An API key (kind api_key, secret_hash set) or a person's token session (kind session,
      -- parent_id the key it was minted with). Revoking a key revokes its sessions.
      CREATE TABLE kit_credentials (
        id text PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('api_key', 'session')),
        member_id text NOT NULL REFERENCES kit_members (id),
        parent_id text REFERENCES kit_credentials (id),
        secret_hash text,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz,
        revoked_at timestamptz,
        replaced_by text
      );
      CREATE INDEX kit_credentials_member ON kit_credentials (member_id, created_at);
      CREATE INDEX kit_credentials_parent ON kit_credentials (parent_id) WHERE parent_id IS NOT NULL;
    `,
  },
  {
    name: 'http_kit_002_idempotency',
    up: `
      -- One row per (organisation, key): inserted before the handler runs (the lock), completed
      -- with the reply. A retry finds the row and replays the reply.
      CREATE TABLE kit_idempotency (
        scope text NOT NULL,
        key text NOT NULL,
        request_hash text NOT NULL,
        status integer,
        content_type text,
        body text,
        created_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz,
        PRIMARY KEY (scope, key)
      );
    `,
  },
  {
    // Who holds an in-progress claim (see idempotency.ts): a restarted instance releases its
    // earlier incarnations' claims, a process takes over its own claims whose request is over.
    // A completed row whose body is NULL had a secret in its reply, which is never stored.
    name: 'http_kit_003_idempotency_owner',
    up: `
      ALTER TABLE kit_idempotency ADD COLUMN instance text;
      ALTER TABLE kit_idempotency ADD COLUMN incarnation text;
      ALTER TABLE kit_idempotency ADD COLUMN claim_id text;
    `,
  },
  {
    // The organisation directory enforcement reads: the unified social credit code (unique when
    // given), address, legal representative and contact, and when they last changed.
    name: 'http_kit_004_organisation_directory',
    up: `
      ALTER TABLE kit_organisations ADD COLUMN uscc text;
      ALTER TABLE kit_organisations ADD COLUMN address text;
      ALTER TABLE kit_organisations ADD COLUMN legal_representative text;
      ALTER TABLE kit_organisations ADD COLUMN contact text;
      ALTER TABLE kit_organisations ADD COLUMN updated_at timestamptz;
      CREATE UNIQUE INDEX kit_organisations_uscc ON kit_organisations (uscc) WHERE uscc IS NOT NULL;
      CREATE INDEX kit_organisations_region ON kit_organisations (region text_pattern_ops, id);
    `,
  },
  {
    // The clock of a key's first attempt (requestNow): a retry after a lost reply decides its
    // defaults ("today", now) as the first attempt did. A claim whose request failed or died is
    // released (claim_id NULL) rather than deleted, so that instant survives until the purge.
    name: 'http_kit_005_idempotency_request_now',
    up: `
      ALTER TABLE kit_idempotency ADD COLUMN request_now timestamptz;
    `,
  },
]
