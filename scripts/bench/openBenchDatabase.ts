import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { createPgliteClient, createPostgresClient, quoteIdentifier, type SqlClient } from '@gsr/db'

/** The `--db=pg|pglite` and `--pg=<url>` options every benchmark on openBenchDatabase takes (parseArgs). */
export const benchDatabaseArgs = {
  db: { type: 'string', default: 'pg' },
  pg: { type: 'string', default: process.env.GSR_TEST_PG_URL || 'postgres://postgres@127.0.0.1:5432/test' },
} as const

export interface BenchDatabase {
  readonly sql: SqlClient
  /** Closes the client and drops what the run made (the schema, or the PGlite folder). */
  cleanup(): Promise<void>
}

/**
 * A scratch database for one benchmark run: on PostgreSQL a schema of its own (dropped at the
 * end unless `keep`), on PGlite a new data folder on disk (the embedded mode's setting).
 */
export async function openBenchDatabase(options: {
  readonly db: string | undefined
  readonly pgUrl: string
  readonly schema: string
  readonly maxConnections: number
  readonly keep?: boolean
}): Promise<BenchDatabase> {
  if (options.db === 'pg') {
    const sql = await createPostgresClient({
      connectionString: options.pgUrl,
      schema: options.schema,
      maxConnections: options.maxConnections,
    })
    return {
      sql,
      async cleanup() {
        await sql.close()
        if (options.keep) return
        const admin = new pg.Client({ connectionString: options.pgUrl })
        await admin.connect()
        await admin.query(`DROP SCHEMA IF EXISTS ${quoteIdentifier(options.schema)} CASCADE`)
        await admin.end()
      },
    }
  }
  const dir = await mkdtemp(join(tmpdir(), `gsr-${options.schema}-`))
  const sql = await createPgliteClient({ dataDir: dir })
  return {
    sql,
    async cleanup() {
      await sql.close()
      await rm(dir, { recursive: true, force: true })
    },
  }
}
