#!/usr/bin/env -S npx tsx
/**
 * Imports an existing register from CSV into the event store, with progress on stderr and
 * every bad row (line, field, message) on stdout. Re-running with the same file records
 * nothing new. Layouts: services/registry/src/import/registerCsvRows.ts.
 *
 *   npx tsx scripts/import-register.ts <file.csv> [--kind equipment|pipelines]
 *       [--organisation <id>]    rows default to, and must belong to, this organisation
 *       [--database-url <url>]   PostgreSQL (default: $DATABASE_URL)
 *       [--pglite <dir>]         embedded PGlite folder (default: $DATA_DIR/pglite, DATA_DIR=./.data/embedded)
 *       [--dry-run]              validate only
 *       [--project]              then bring the registry's read models up to date, and time it
 *       [--concurrency <n>]      appends in flight (default 16)
 *       [--charset <label>]      utf-8 (default) or gb18030 (also gbk, gb2312: what Excel and WPS
 *                                save on Chinese Windows); a UTF-8 byte-order mark wins
 *
 * The whole file is decoded once before anything is recorded: bytes that are not text in the
 * charset stop the import with the line (exit 1), never stored as mojibake.
 * Exit code: 0 all rows recorded (or already recorded), 2 some rows rejected, 1 failure.
 */
import { createReadStream } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { createPgliteClient, createPostgresClient, DataFolderInUseError, runMigrations, type SqlClient } from '@gsr/db'
import { organisationActor } from '@gsr/domain'
import { createPostgresEventStore, eventStoreMigrations } from '@gsr/event-store'
import { createProjectionRunner } from '@gsr/projections'
import {
  csvCharset,
  csvCharsetLabels,
  CsvDecodingError,
  decodeCsv,
  importRegister,
  registryService,
  type ImportProgress,
} from '@gsr/registry-service'

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    kind: { type: 'string', default: 'equipment' },
    organisation: { type: 'string' },
    'database-url': { type: 'string' },
    pglite: { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
    project: { type: 'boolean', default: false },
    concurrency: { type: 'string', default: '16' },
    charset: { type: 'string', default: 'utf-8' },
  },
})

const file = positionals[0]
if (!file || (values.kind !== 'equipment' && values.kind !== 'pipelines')) {
  console.error(
    'usage: npx tsx scripts/import-register.ts <file.csv> [--kind equipment|pipelines] [--organisation <id>] [--database-url <url> | --pglite <dir>] [--dry-run] [--project] [--charset utf-8|gb18030]',
  )
  process.exit(1)
}
const kind = values.kind
const charset = csvCharset(values.charset)
if (!charset) {
  console.error(`unsupported --charset ${values.charset}; use one of ${csvCharsetLabels.join(', ')}`)
  process.exit(1)
}
try {
  for await (const text of decodeCsv(createReadStream(file), charset)) void text
} catch (error) {
  if (!(error instanceof CsvDecodingError)) throw error
  console.error(`[import] ${file}: ${error.message}; nothing imported (try --charset gb18030)`)
  process.exit(1)
}

const databaseUrl = values['database-url'] ?? process.env['DATABASE_URL']
let sql: SqlClient
let where: string
if (databaseUrl && !values.pglite) {
  sql = await createPostgresClient({ connectionString: databaseUrl })
  where = `PostgreSQL ${databaseUrl.replace(/\/\/[^@]*@/, '//')}`
} else {
  const dir = resolve(values.pglite ?? join(process.env['DATA_DIR'] ?? './.data/embedded', 'pglite'))
  sql = await createPgliteClient({ dataDir: dir }).catch((error: unknown) => {
    // The live folder of a running `npm start`: refused, with the holder named.
    if (error instanceof DataFolderInUseError) {
      console.error(`[import] ${error.message}`)
      process.exit(1)
    }
    throw error
  })
  where = `PGlite ${dir}`
}

const fmt = (n: number) => n.toLocaleString('en-US')
const line = (p: ImportProgress) =>
  `[import] ${fmt(p.rows)} rows: ${fmt(p.recorded)} recorded, ${fmt(p.alreadyRecorded)} already recorded, ${fmt(p.rejected)} rejected; ${(p.elapsedMs / 1000).toFixed(1)} s, ${fmt(p.rowsPerSecond)} rows/s`

try {
  await runMigrations(sql, eventStoreMigrations)
  const store = createPostgresEventStore(sql)
  console.error(`[import] ${kind} from ${file} into ${where}${values['dry-run'] ? ' (dry run)' : ''}`)
  const report = await importRegister(decodeCsv(createReadStream(file), charset), {
    kind,
    store,
    actor: { organisationId: values.organisation ?? 'system', role: 'admin', userId: 'import-register-cli' },
    // Without --organisation the CLI imports the bureau's register, as an administrator would.
    importer: values.organisation
      ? organisationActor(values.organisation, 'equipment_user', '000000')
      : organisationActor('system', 'administrator', '000000'),
    ownOrganisation: values.organisation,
    dryRun: values['dry-run'],
    concurrency: Number(values.concurrency),
    progressEvery: 10_000,
    onProgress: (p) => console.error(line(p)),
  })
  for (const e of report.errors) console.log(`line ${e.line}, field ${e.field}: ${e.message}`)
  console.error(`[import] done: ${line(report).slice('[import] '.length)}`)

  if (values.project && !values['dry-run']) {
    const runner = createProjectionRunner({ store, sql, projections: registryService.projections ?? [] })
    await runner.migrate()
    const started = Date.now()
    await runner.catchUp({
      onProgress: (p) => {
        if (p.eventsProcessed % 20_000 < 500) {
          console.error(
            `[project] ${p.projection}: ${fmt(p.eventsProcessed)} events, ${fmt(Math.round(p.eventsPerSecond))} events/s`,
          )
        }
      },
    })
    console.error(`[project] registry read models up to date in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  }
  await store.close()
  process.exitCode = report.rejected > 0 ? 2 : 0
} catch (error) {
  console.error('[import] failed:', error)
  process.exitCode = 1
} finally {
  await sql.close()
}
