import { createReadStream } from 'node:fs'
import { join, resolve } from 'node:path'
import type { ImportProgress, Principal } from '@gsr/http-kit'
import { CliError, type Command } from './Command.ts'

interface ImportValues {
  kind: string
  organisation?: string
  'database-url'?: string
  pglite?: string
  'dry-run': boolean
  project: boolean
  concurrency: string
  charset: string
}

/** `gsr import` (also `scripts/import-register.ts`): an existing register from CSV into the event store. */
export const importCommand: Command = {
  name: 'import',
  summary:
    'Import an existing register (equipment, pipelines, cylinders, operator certificates) from CSV into the event store.',
  synopsis:
    '<file.csv> [--kind equipment|pipelines|cylinders|operator-certificates] [--organisation <id>] [--database-url <url> | --pglite <dir>] [--dry-run] [--project] [--concurrency <n>] [--charset utf-8|gb18030]',
  details: `Progress on stderr, every bad row (line, field, message) on stdout. Re-running with the same file
records nothing new. Layouts: services/registry/src/import/registerCsvRows.ts,
services/cylinders/src/import/cylinderCsvRows.ts. The whole file is
decoded once before anything is recorded: bytes that are not text in the charset stop the import
with the line, never stored as mojibake.

  --kind <k>             equipment (default), pipelines, cylinders or operator-certificates
  --organisation <id>    equipment, pipelines: rows default to, and must belong to, this organisation;
                         cylinders: the filling station registering them (required);
                         operator-certificates: the issuing authority (default: an administrator).
                         Cylinders and certificates: as the identity tables know it, judged per row as
                         POST /imports/cylinders and /imports/operator-certificates judge the caller
  --database-url <url>   PostgreSQL (default $DATABASE_URL)
  --pglite <dir>         embedded PGlite folder (default $DATA_DIR/pglite, DATA_DIR=./.data/embedded);
                         refused while a server has it open
  --dry-run              validate only
  --project              then bring the registry's read models up to date, and time it
  --concurrency <n>      appends in flight (default 16)
  --charset <label>      utf-8 (default) or gb18030 (also gbk, gb2312: what Excel and WPS save on
                         Chinese Windows); a UTF-8 byte-order mark wins

exit codes: 0 all rows recorded (or already recorded), 2 some rows rejected or bad arguments, 1 failure
(an unknown charset, a file that does not decode)`,
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
  positionals: [1, 1],
  async run(args, output) {
    const values = args.values as unknown as ImportValues
    const file = args.positionals[0]!
    const kinds = ['equipment', 'pipelines', 'cylinders', 'operator-certificates'] as const
    const kind = values.kind as (typeof kinds)[number]
    if (!kinds.includes(kind))
      throw new CliError(`--kind must be equipment, pipelines, cylinders or operator-certificates, not ${kind}`, 2)
    if (kind === 'cylinders' && !values.organisation)
      throw new CliError('--kind cylinders needs --organisation <the filling station registering them>', 2)
    const concurrency = Number(values.concurrency)
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 1024)
      throw new CliError(`--concurrency must be a whole number from 1 to 1024, not ${values.concurrency}`, 2)
    const { createPgliteClient, createPostgresClient, DataFolderInUseError, runMigrations } = await import('@gsr/db')
    const { organisationActor } = await import('@gsr/domain')
    const { createPostgresEventStore, eventStoreMigrations } = await import('@gsr/event-store')
    const { createProjectionRunner } = await import('@gsr/projections')
    const { csvCharset, csvCharsetLabels, CsvDecodingError, decodeCsv } = await import('@gsr/http-kit')
    const { importRegister, registryService } = await import('@gsr/registry-service')
    const { cylindersService } = await import('@gsr/cylinders-service')

    const charset = csvCharset(values.charset)
    if (!charset)
      throw new CliError(`unsupported --charset ${values.charset}; use one of ${csvCharsetLabels.join(', ')}`)
    try {
      for await (const text of decodeCsv(createReadStream(file), charset)) void text
    } catch (error) {
      if (!(error instanceof CsvDecodingError)) throw new CliError(`${file}: ${(error as Error).message}`)
      output.err(`[import] ${file}: ${error.message}; nothing imported (try --charset gb18030)`)
      return 1
    }

    const databaseUrl = values['database-url'] ?? process.env['DATABASE_URL']
    let sql
    let where: string
    if (databaseUrl && !values.pglite) {
      sql = await createPostgresClient({ connectionString: databaseUrl })
      where = `PostgreSQL ${databaseUrl.replace(/\/\/[^@]*@/, '//')}`
    } else {
      const dir = resolve(values.pglite ?? join(process.env['DATA_DIR'] ?? './.data/embedded', 'pglite'))
      // The live folder of a running `npm start`: refused, with the holder named.
      sql = await createPgliteClient({ dataDir: dir }).catch((error: unknown) => {
        throw error instanceof DataFolderInUseError ? new CliError(error.message) : error
      })
      where = `PGlite ${dir}`
    }

    const fmt = (n: number) => n.toLocaleString('en-US')
    const line = (p: ImportProgress) =>
      `[import] ${fmt(p.rows)} rows: ${fmt(p.recorded)} recorded, ${fmt(p.alreadyRecorded)} already recorded, ${fmt(p.rejected)} rejected; ${(p.elapsedMs / 1000).toFixed(1)} s, ${fmt(p.rowsPerSecond)} rows/s`

    try {
      await runMigrations(sql, eventStoreMigrations)
      const store = createPostgresEventStore(sql)
      output.err(`[import] ${kind} from ${file} into ${where}${values['dry-run'] ? ' (dry run)' : ''}`)
      const common = {
        store,
        dryRun: values['dry-run'],
        concurrency,
        progressEvery: 10_000,
        onProgress: (p: ImportProgress) => output.err(line(p)),
      }
      const cliUser = 'import-register-cli'
      let report
      if (kind === 'equipment' || kind === 'pipelines') {
        report = await importRegister(decodeCsv(createReadStream(file), charset), {
          ...common,
          kind,
          actor: { organisationId: values.organisation ?? 'system', role: 'admin', userId: cliUser },
          // Without --organisation the CLI imports the bureau's register, as an administrator would.
          importer: values.organisation
            ? organisationActor(values.organisation, 'equipment_user', '000000')
            : organisationActor('system', 'administrator', '000000'),
          ownOrganisation: values.organisation,
        })
      } else {
        const { identity } = await import('@gsr/http-kit')
        const { importCylinders } = await import('@gsr/cylinders-service')
        // Who asserts the rows, as the routes would see the caller: the organisation named, as the
        // identity tables know it; certificates default to the bureau's administrator.
        const principal = (await importerOf(values.organisation)) ?? {
          organisationId: 'system',
          organisationKind: 'administrator',
          region: '000000',
          accreditedRegions: [],
          role: 'admin',
          memberType: 'person',
          userId: cliUser,
          credentialId: cliUser,
        }
        const may = kind === 'cylinders' ? ['filling_station'] : ['enforcement', 'administrator']
        if (!may.includes(principal.organisationKind))
          throw new CliError(
            `${kind}: ${principal.organisationId} is a ${principal.organisationKind}, not ${may.join(' or ')}`,
            2,
          )
        report = await importCylinders(decodeCsv(createReadStream(file), charset), {
          ...common,
          kind,
          sql,
          principal,
          actor: { organisationId: principal.organisationId, role: 'admin', userId: cliUser },
        })
        async function importerOf(id: string | undefined): Promise<Principal | undefined> {
          if (id === undefined) return undefined
          const org = await identity.getOrganisation(sql!, id).catch((error: unknown) => {
            throw new CliError(`cannot read the identity tables: ${(error as Error).message}`)
          })
          if (!org) throw new CliError(`no organisation ${id} in the identity tables`, 2)
          return {
            organisationId: org.id,
            organisationKind: org.kind,
            region: org.region,
            accreditedRegions: org.accreditedRegions,
            role: 'admin',
            memberType: 'person',
            userId: cliUser,
            credentialId: cliUser,
          }
        }
      }
      for (const e of report.errors) output.out(`line ${e.line}, field ${e.field}: ${e.message}`)
      output.err(`[import] done: ${line(report).slice('[import] '.length)}`)

      if (values.project && !values['dry-run']) {
        const service = kind === 'equipment' || kind === 'pipelines' ? registryService : cylindersService
        const runner = createProjectionRunner({ store, sql, projections: service.projections ?? [] })
        await runner.migrate()
        const started = Date.now()
        await runner.catchUp({
          onProgress: (p) => {
            if (p.eventsProcessed % 20_000 < 500)
              output.err(
                `[project] ${p.projection}: ${fmt(p.eventsProcessed)} events, ${fmt(Math.round(p.eventsPerSecond))} events/s`,
              )
          },
        })
        output.err(
          `[project] ${service.name} read models up to date in ${((Date.now() - started) / 1000).toFixed(1)} s`,
        )
      }
      await store.close()
      return report.rejected > 0 ? 2 : 0
    } finally {
      await sql.close()
    }
  },
}
