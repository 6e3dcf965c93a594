/**
 * The worked synthetic city (issue 6): generates a seeded, deterministic city, appends it
 * through the event store in chronological batches with progress output, and writes what the
 * enforcement projections must find (expected violations and rates) as JSON.
 *
 *   npx tsx scripts/generate-city.ts --size small|full [--seed N] [--out DIR]
 *        [--database-url postgres://...] [--data-dir DIR] [--project] [--no-append]
 *   npx tsx scripts/generate-city.ts --demo     # small city into the launcher's store (MODE/DATA_DIR/DATABASE_URL)
 *
 * Without --database-url, events go to an embedded PGlite in --data-dir (default .data/city-<size>).
 * --project runs the enforcement projections to the head afterwards and prints their speed.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { createPgliteClient, createPostgresClient, runMigrations, type SqlClient } from '@gsr/db'
import { createPostgresEventStore, eventStoreMigrations } from '@gsr/event-store'
import { loadConfig } from '@gsr/http-kit'
import { createProjectionRunner } from '@gsr/projections'
import { enforcementProjections } from '@gsr/read-models/enforcement'
import { appendCity, citySizes, generateCity, loadDemoCity } from '@gsr/demo-city'

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: 'small' },
    seed: { type: 'string', default: '20250101' },
    out: { type: 'string' },
    'database-url': { type: 'string' },
    'data-dir': { type: 'string' },
    project: { type: 'boolean', default: false },
    'no-append': { type: 'boolean', default: false },
    demo: { type: 'boolean', default: false },
    concurrency: { type: 'string', default: '16' },
  },
})

const log = { info: (message: string) => console.log(`[city] ${message}`) }

async function openSql(): Promise<SqlClient> {
  if (values.demo) {
    const config = loadConfig(process.env)
    if (config.mode === 'embedded') return createPgliteClient({ dataDir: join(config.dataDir, 'pglite') })
    return createPostgresClient({ connectionString: config.databaseUrl ?? '' })
  }
  if (values['database-url']) return createPostgresClient({ connectionString: values['database-url'] })
  return createPgliteClient({ dataDir: values['data-dir'] ?? join('.data', `city-${values.size}`) })
}

if (values.size !== 'small' && values.size !== 'full') {
  console.error('--size must be small or full')
  process.exit(2)
}
const size = citySizes[values.size as 'small' | 'full']
const seed = Number(values.seed)
const sql = await openSql()
await runMigrations(sql, eventStoreMigrations)
const store = createPostgresEventStore(sql)

try {
  if (values.demo) {
    await loadDemoCity(store, log)
  } else {
    const city = generateCity(size, seed, values.size)
    const out = values.out ?? join('.data', `city-${values.size}-expected`)
    mkdirSync(out, { recursive: true })
    writeFileSync(join(out, 'expected.json'), JSON.stringify(city.expected, null, 1))
    log.info(`${values.size} city, seed ${seed}: ${JSON.stringify(city.counts)}`)
    log.info(
      `expected: ${city.expected.violations.length} violations; rates on ${Object.keys(city.expected.rates).join(', ')} -> ${join(out, 'expected.json')}`,
    )
    if (!values['no-append']) {
      const result = await appendCity(store, city, {
        concurrency: Number(values.concurrency),
        onProgress: (p) => log.info(`${p.events} events appended, at ${p.day}, ${p.eventsPerSecond} events/s`),
      })
      log.info(
        `appended ${result.events} events in ${(result.elapsedMs / 1000).toFixed(1)} s (${Math.round((result.events * 1000) / result.elapsedMs)} events/s)`,
      )
    }
    if (values.project) {
      await runMigrations(
        sql,
        enforcementProjections.flatMap((p) => p.migrations),
      )
      const runner = createProjectionRunner({ store, sql, projections: enforcementProjections, batchSize: 1000 })
      const started = Date.now()
      let last = 0
      await runner.catchUp({
        onProgress: (p) => {
          if (Date.now() - last < 2000) return
          last = Date.now()
          log.info(`${p.projection}: ${p.eventsProcessed} events, ${Math.round(p.eventsPerSecond)} events/s`)
        },
      })
      log.info(`projections caught up in ${((Date.now() - started) / 1000).toFixed(1)} s`)
      const { rows } = await sql.query<{ n: number }>('SELECT count(*)::int8 AS n FROM enf_violations')
      log.info(`violations found: ${rows[0]?.n} (expected ${city.expected.violations.length})`)
    }
  }
} finally {
  await store.close()
  await sql.close()
}
