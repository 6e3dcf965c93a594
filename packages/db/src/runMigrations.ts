import type { Migration } from './Migration.ts'
import type { SqlClient, SqlTransaction } from './SqlClient.ts'

/**
 * Applies the migrations not yet recorded in `schema_migrations`, each in its own transaction,
 * in list order; returns the names it applied. Every transaction first takes an advisory lock
 * keyed by the current schema, so two processes starting together apply each migration once
 * (the second waits, then sees it recorded) and tests in separate schemas do not block each other.
 */
export async function runMigrations(sql: SqlClient, migrations: readonly Migration[]): Promise<string[]> {
  assertUniqueNames(migrations)
  const applied: string[] = []
  for (const migration of migrations) {
    const ran = await sql.transaction(async (tx) => {
      await lockMigrations(tx)
      const { rows } = await tx.query('SELECT 1 FROM schema_migrations WHERE name = $1', [migration.name])
      if (rows.length > 0) return false
      await tx.exec(migration.up)
      await tx.query('INSERT INTO schema_migrations (name, applied_at) VALUES ($1, now())', [migration.name])
      return true
    })
    if (ran) applied.push(migration.name)
  }
  return applied
}

async function lockMigrations(tx: SqlTransaction): Promise<void> {
  await tx.query("SELECT pg_advisory_xact_lock(hashtext('gsr.schema_migrations:' || current_schema()))")
  // Created under the lock: concurrent CREATE TABLE IF NOT EXISTS can otherwise collide.
  await tx.query(
    'CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL)',
  )
}

function assertUniqueNames(migrations: readonly Migration[]): void {
  const seen = new Set<string>()
  for (const { name } of migrations) {
    if (seen.has(name)) throw new Error(`duplicate migration name: ${name}`)
    seen.add(name)
  }
}
