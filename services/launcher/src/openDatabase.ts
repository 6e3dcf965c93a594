import { join } from 'node:path'
import { createPgliteClient, createPostgresClient, type SqlClient } from '@gsr/db'
import type { KitConfig } from '@gsr/http-kit'

/** The read-model database: PGlite in DATA_DIR (embedded), else DATABASE_URL. */
export async function openDatabase(config: KitConfig): Promise<SqlClient> {
  if (config.mode === 'embedded') return createPgliteClient({ dataDir: join(config.dataDir, 'pglite') })
  if (!config.databaseUrl) throw new Error('DATABASE_URL is required outside the embedded mode')
  return createPostgresClient({ connectionString: config.databaseUrl })
}
