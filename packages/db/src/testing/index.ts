import { cp, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import type { Test } from 'tap'
import { createPgliteClient } from '../createPgliteClient.ts'
import { createPostgresClient, quoteIdentifier } from '../createPostgresClient.ts'
import type { SqlClient } from '../SqlClient.ts'

/**
 * Test databases. Every test file gets its own fresh PGlite (copied from a template data
 * folder made once per test run: reopening takes ~0.6 s, a new instance 3-4 s) and, when
 * GSR_TEST_PG_URL names a reachable server, its own schema on real PostgreSQL.
 */
export type DatabaseName = 'pglite' | 'postgres'

export interface TestDatabase {
  readonly name: DatabaseName
  readonly client: SqlClient
}

export const pgliteTemplateEnv = 'GSR_PGLITE_TEMPLATE'
export const postgresUrlEnv = 'GSR_TEST_PG_URL'

export async function openTestPglite(): Promise<{ client: SqlClient; dispose: () => Promise<void> }> {
  const template = process.env[pgliteTemplateEnv]
  if (!template) {
    const client = await createPgliteClient()
    return { client, dispose: () => client.close() }
  }
  const dir = await mkdtemp(join(tmpdir(), 'gsr-pglite-'))
  await cp(template, dir, { recursive: true })
  const client = await createPgliteClient({ dataDir: dir })
  return {
    client,
    dispose: async () => {
      await client.close()
      await rm(dir, { recursive: true, force: true })
    },
  }
}

export async function openTestPostgres(): Promise<{ client: SqlClient; dispose: () => Promise<void> } | undefined> {
  const url = process.env[postgresUrlEnv]
  if (!url) return undefined
  const schema = `t_${process.pid}_${randomBytes(4).toString('hex')}`
  const client = await createPostgresClient({ connectionString: url, schema })
  return {
    client,
    dispose: async () => {
      await client.close()
      const admin = new pg.Client({ connectionString: url })
      await admin.connect()
      try {
        await admin.query(`DROP SCHEMA IF EXISTS ${quoteIdentifier(schema)} CASCADE`)
      } finally {
        await admin.end()
      }
    },
  }
}

/**
 * Runs `suite` once per available database, as a subtest named after it. Subtests are
 * created synchronously (tap ends a parent that has nothing queued); each opens its own
 * database and closes it when the subtest ends. `databases` narrows the set (a long suite
 * split over spec files that run side by side).
 */
export function forEachDatabase(
  t: Test,
  suite: (t: Test, db: TestDatabase) => Promise<void>,
  databases: readonly DatabaseName[] = ['pglite', 'postgres'],
): void {
  if (databases.includes('pglite'))
    t.test('pglite', async (sub) => {
      const pglite = await openTestPglite()
      sub.teardown(pglite.dispose)
      await suite(sub, { name: 'pglite', client: pglite.client })
    })
  if (databases.includes('postgres') && process.env[postgresUrlEnv]) {
    t.test('postgres', async (sub) => {
      const postgres = await openTestPostgres()
      if (!postgres) throw new Error('unreachable: postgres url vanished')
      sub.teardown(postgres.dispose)
      await suite(sub, { name: 'postgres', client: postgres.client })
    })
  }
}

/** Creates the template PGlite data folder the test run copies from. */
export async function createPgliteTemplate(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true })
  const client = await createPgliteClient({ dataDir: dir })
  await client.query('SELECT 1')
  await client.close()
}
export { holdTransactionOpen } from './holdTransactionOpen.ts'
