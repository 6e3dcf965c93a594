import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import t from 'tap'
import { createPgliteClient, createPostgresClient, runMigrations, type SqlClient } from '@gsr/db'
import { postgresUrlEnv } from '@gsr/db/testing'
import { createPostgresEventStore, eventStoreMigrations } from '@gsr/event-store'
import { newEvent } from '@gsr/event-store/testing'

const root = fileURLToPath(new URL('../', import.meta.url))
// Every case starts `gsr` processes (a few seconds each on a busy 2-core machine): more than tap's default.
t.setTimeout(600_000)

/** `npm run gsr -- …` as a user runs it (without npm's banner), in an environment of our own. */
function gsr(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'scripts/gsr.ts', ...args],
      {
        cwd: root,
        env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...env },
        timeout: 120_000,
      },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    )
  })
}

const commands = [
  'verify-log',
  'verify-bundle',
  'anchor',
  'prove',
  'import',
  'bootstrap-admin',
  'rebuild',
  'replay-plan',
]

t.test('--help and help on every command: the usage, exit 0, nothing created', async (t) => {
  const dataDir = join(await mkdtemp(join(tmpdir(), 'gsr-cli-')), 'data')
  t.teardown(() => rm(join(dataDir, '..'), { recursive: true, force: true }))
  const env = { DATA_DIR: dataDir }
  const runs = await Promise.all(
    commands.flatMap((command) => [
      gsr([command, '--help'], env),
      gsr(['help', command], env),
      gsr([command, '-h'], env),
    ]),
  )
  runs.forEach((run, i) => {
    const command = commands[Math.floor(i / 3)]!
    t.equal(run.code, 0, `${command}: exit 0`)
    t.match(run.stdout, `usage: npm run gsr -- ${command}`, `${command}: its usage`)
  })
  // bootstrap-admin --help with a database named: still nothing.
  const admin = await gsr(['bootstrap-admin', '--help'], {
    ...env,
    MODE: 'postgres',
    DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
  })
  t.equal(admin.code, 0)
  t.notMatch(admin.stdout, /shown once, store it now/)
  t.notOk(existsSync(dataDir), 'no data folder, no database, no administrator was created')
  const overview = await gsr(['help'])
  t.equal(overview.code, 0)
  for (const command of commands) t.match(overview.stdout, command)
})

t.test('a bad argument: a clear message naming it, the usage, exit 2', async (t) => {
  const dataDir = join(await mkdtemp(join(tmpdir(), 'gsr-cli-')), 'data')
  t.teardown(() => rm(join(dataDir, '..'), { recursive: true, force: true }))
  const env = { DATA_DIR: dataDir }
  const [unknownOption, unknownCommand, extra, region, kind, batch, none] = await Promise.all([
    gsr(['verify-log', '--bogus'], env),
    gsr(['frobnicate'], env),
    gsr(['anchor', 'extra'], env),
    gsr(['bootstrap-admin', '--region', 'hangzhou'], env),
    gsr(['import', 'x.csv', '--kind', 'boats'], env),
    gsr(['rebuild', 'x', '--batch-size', 'lots'], env),
    gsr([], env),
  ])
  t.match(unknownOption, {
    code: 2,
    stderr: /gsr verify-log: Unknown option '--bogus'[\s\S]*usage: npm run gsr -- verify-log/,
  })
  t.match(unknownCommand, { code: 2, stderr: /unknown command frobnicate/ })
  t.match(extra, { code: 2, stderr: /gsr anchor: unexpected argument "extra"/ })
  t.match(region, { code: 2, stderr: /--region must be a 6-digit division code/ })
  t.match(kind, {
    code: 2,
    stderr: /--kind must be equipment, pipelines, cylinders or operator-certificates, not boats/,
  })
  t.match(batch, { code: 2, stderr: /--batch-size must be a whole number/ })
  t.match(none, { code: 2, stderr: /usage: npm run gsr -- <command>/ })
  t.notOk(existsSync(dataDir), 'nothing created')
})

/** Three streams of events, appended through the store. */
async function seed(sql: SqlClient) {
  await runMigrations(sql, eventStoreMigrations)
  const store = createPostgresEventStore(sql)
  for (let i = 0; i < 4; i++)
    for (const stream of ['equipment-E1', 'equipment-E2', 'pipeline-P1'])
      await store.appendToStream(stream, [newEvent('Step', { stream, i })])
  await store.close()
}

t.test('embedded: anchor, verify-log intact, then a tampered event found; refused while the server runs', async (t) => {
  const dataDir = join(await mkdtemp(join(tmpdir(), 'gsr-cli-')), 'data')
  t.teardown(() => rm(join(dataDir, '..'), { recursive: true, force: true }))
  const env = { DATA_DIR: dataDir }
  const open = () => createPgliteClient({ dataDir: join(dataDir, 'pglite') })
  let sql = await open()
  await seed(sql)
  await sql.close()

  const anchored = await gsr(['anchor'], env)
  t.equal(anchored.code, 0, anchored.stderr)
  t.match(JSON.parse(anchored.stdout), { statement: { sequence: 1, events: 12, streams: 3 } })
  t.ok(existsSync(join(dataDir, 'anchor-key.pem')), 'the key is made in the data folder')
  const intact = await gsr(['verify-log'], env)
  t.match(intact, { code: 0, stdout: /intact: 12 events in 3 streams, 1 anchors/ })

  // An evidence proof up to the anchor, checked offline; one byte changed, the event named.
  const bundle = join(dataDir, '..', 'bundle.json')
  t.equal((await gsr(['prove', 'equipment-E1:1', 'pipeline-P1:3', '--out', bundle], env)).code, 0)
  const noDatabase = { DATA_DIR: join(dataDir, '..', 'nowhere') }
  t.match(await gsr(['verify-bundle', bundle], noDatabase), { code: 0, stdout: /verified: 2 events/ })
  const text = await readFile(bundle, 'utf8')
  const proof = JSON.parse(text) as { events: { event: { id: string } }[] }
  await writeFile(bundle, text.replace('"i": 3', '"i": 4'))
  const failed = await gsr(['verify-bundle', bundle], noDatabase)
  t.equal(failed.code, 3)
  t.match(failed.stdout, `FAILS: event ${proof.events[1]!.event.id} (stream pipeline-P1, revision 3, Step)`)
  t.notOk(existsSync(noDatabase.DATA_DIR), 'verify-bundle opened no database')

  sql = await open()
  await sql.query(`UPDATE es_events SET data = '{"i": 7}' WHERE stream_name = 'equipment-E2' AND revision = 2`)
  // The server holds the folder: every command that opens it refuses, naming the holder.
  const [verifyWhileOpen, rebuildWhileOpen] = await Promise.all([
    gsr(['verify-log'], env),
    gsr(['rebuild', '--list'], env),
  ])
  t.match(verifyWhileOpen, { code: 1, stderr: /is in use by process \d+.*stop that process first/ })
  t.equal(rebuildWhileOpen.code, 0, '--list opens nothing')
  const name = rebuildWhileOpen.stdout.split('\n')[0]!
  t.match(await gsr(['rebuild', name], env), { code: 1, stderr: /in use by process/ })
  await sql.close()

  const broken = await gsr(['verify-log'], env)
  t.equal(broken.code, 3)
  t.match(broken.stdout, /BROKEN: stream equipment-E2, revision 2 \(position \d+:\d+\): hash does not match/)

  const rebuilt = await gsr(['rebuild', name], env)
  t.equal(rebuilt.code, 0, `rebuild works on the embedded store once it is free: ${rebuilt.stderr}`)
  t.match(rebuilt.stdout, /rebuilding/)
})

const url = process.env[postgresUrlEnv]
t.test('PostgreSQL: verify-log finds a deleted event', { skip: !url && 'no PostgreSQL' }, async (t) => {
  const schema = `t_gsr_cli_${randomBytes(4).toString('hex')}`
  const sql = await createPostgresClient({ connectionString: url!, schema })
  t.teardown(async () => {
    await sql.close()
    const admin = new pg.Client({ connectionString: url })
    await admin.connect()
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
    await admin.end()
  })
  await seed(sql)
  const env = { DATABASE_URL: url!, DATABASE_SCHEMA: schema }
  t.match(await gsr(['verify-log'], env), { code: 0, stdout: /intact: 12 events in 3 streams, 0 anchors/ })
  await sql.query(`DELETE FROM es_events WHERE stream_name = 'pipeline-P1' AND revision = 1`)
  const broken = await gsr(['verify-log'], env)
  t.equal(broken.code, 3)
  t.match(broken.stdout, /BROKEN: stream pipeline-P1, revision 1 \(position \d+:\d+\): event missing/)
})
