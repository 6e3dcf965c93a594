import { chmodSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { createPgliteClient, createPostgresClient, type SqlClient } from '@gsr/db'
import type { KitConfig } from '@gsr/http-kit'

/** The read-model database: PGlite in DATA_DIR (embedded), else DATABASE_URL. */
export async function openDatabase(config: KitConfig): Promise<SqlClient> {
  if (config.mode === 'embedded') {
    // Private to this user (it also holds the signing secret and the admin key).
    mkdirSync(config.dataDir, { recursive: true, mode: 0o700 })
    chmodSync(config.dataDir, 0o700)
    // A server's lifetime in one process: the store's first creation runs apart (its heap would
    // stay), and shared buffers sized for an embedded store (the OS caches the files anyway).
    return createPgliteClient({
      dataDir: join(config.dataDir, 'pglite'),
      sharedBuffers: '16MB',
      createInChildProcess: true,
    })
  }
  if (!config.databaseUrl) throw new Error('DATABASE_URL is required outside the embedded mode')
  return createPostgresClient({ connectionString: config.databaseUrl })
}
