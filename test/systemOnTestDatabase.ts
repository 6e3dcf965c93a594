import { randomBytes } from 'node:crypto'
import type { Test } from 'tap'
import { pino, type Logger } from 'pino'
import type { TestDatabase } from '@gsr/db/testing'
import type { Clock } from '@gsr/domain'
import { loadConfig } from '@gsr/http-kit'
import { buildSystem, type System } from '@gsr/launcher-service'

/**
 * The whole system as the launcher builds it (every module, projections in-process), on a
 * test database from forEachDatabase, with a fresh signing secret; closed when `t` ends.
 */
export async function systemOnTestDatabase(
  t: Test,
  db: TestDatabase,
  clock: Clock,
  logger: Logger = pino({ level: 'silent' }),
): Promise<System> {
  const config = loadConfig({
    MODE: 'postgres',
    DATABASE_URL: 'postgres://unused/db',
    AUTH_SECRET: randomBytes(32).toString('base64url'),
  })
  const system = await buildSystem({ config, logger, sql: db.client, clock })
  t.teardown(() => system.close())
  return system
}
