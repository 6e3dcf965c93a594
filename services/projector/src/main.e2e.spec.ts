import { randomBytes } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import pg from 'pg'
import { createPostgresClient, runMigrations } from '@gsr/db'
import { postgresUrlEnv } from '@gsr/db/testing'
import { createPostgresEventStore, eventStoreMigrations } from '@gsr/event-store'
import { appendLedgerEvents, runTsx } from '@gsr/projections/testing'
import { allProjections } from './allProjections.ts'

const main = fileURLToPath(new URL('./main.ts', import.meta.url))
const cli = fileURLToPath(new URL('../../../scripts/rebuild-projection.ts', import.meta.url))

t.test('main refuses a bad environment with the variable named', async (t) => {
  const proc = runTsx(main, [], { DATABASE_URL: 'mysql://nope', EVENT_STORE_URL: '', EVENTSTORE_URL: '' })
  t.equal(await proc.exited, 1)
  t.match(proc.output().stderr, /DATABASE_URL must be a postgres:\/\/ URL/)
})

t.test('rebuild CLI: usage, --list, unknown name', async (t) => {
  const [usage, list, unknown] = [
    runTsx(cli, [], {}),
    runTsx(cli, ['--list'], {}),
    runTsx(cli, ['no_such_projection'], {}),
  ]
  t.equal(await usage.exited, 2)
  t.match(usage.output().stderr, /usage: npm run gsr -- rebuild/)
  t.equal(await list.exited, 0)
  t.equal(await unknown.exited, 2)
  t.match(unknown.output().stderr, /unknown projection no_such_projection/)
})

const url = process.env[postgresUrlEnv]
t.test(
  'main runs the projections against PostgreSQL, serves health/ready/metrics, stops on SIGTERM; the CLI rebuilds',
  { skip: !url && 'no PostgreSQL' },
  async (t) => {
    const schema = `t_projector_${randomBytes(4).toString('hex')}`
    t.teardown(async () => {
      const admin = new pg.Client({ connectionString: url })
      await admin.connect()
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
      await admin.end()
    })
    // Events the registered projections mostly filter out: they still move every checkpoint.
    const seeding = await createPostgresClient({ connectionString: url!, schema })
    await runMigrations(seeding, eventStoreMigrations)
    const store = createPostgresEventStore(seeding)
    await appendLedgerEvents(store, { count: 40 })
    await store.close()
    await seeding.close()

    const proc = runTsx(main, [], {
      DATABASE_URL: url!,
      DATABASE_SCHEMA: schema,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
    })
    t.teardown(() => void proc.child.kill('SIGKILL'))
    let address: string | undefined
    // Generous: the machine's 2 cores are shared with other test runs.
    for (const deadline = Date.now() + 60_000; !address && Date.now() < deadline;) {
      address = /"address":"(http:\/\/[^"]+)"/.exec(proc.output().stdout)?.[1]
      if (!address) await new Promise((resolve) => setTimeout(resolve, 50))
    }
    if (!address) throw new Error(`projector did not start:\n${proc.output().stdout}\n${proc.output().stderr}`)
    t.equal((await fetch(`${address}/health`)).status, 200)
    const ready = await fetch(`${address}/ready`)
    t.equal(ready.status, 200, 'ready: database reachable, nothing behind')
    let metrics = ''
    for (const deadline = Date.now() + 30_000; Date.now() < deadline;) {
      metrics = await (await fetch(`${address}/metrics`)).text()
      if (!/gsr_projection_events_behind\{[^}]*\} [1-9]/.test(metrics)) break
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    t.match(metrics, /process_cpu_user_seconds_total/)
    for (const projection of allProjections) {
      t.match(
        metrics,
        `gsr_projection_events_behind{projection="${projection.name}"} 0`,
        `${projection.name} caught up`,
      )
    }
    proc.child.kill('SIGTERM')
    t.equal(await proc.exited, 0, 'graceful stop')
    t.match(proc.output().stdout, /stopping: letting running batches commit/)

    const name = allProjections[0]?.name
    if (name) {
      const rebuild = runTsx(cli, [name], { DATABASE_URL: url!, DATABASE_SCHEMA: schema })
      t.equal(await rebuild.exited, 0, rebuild.output().stderr)
      t.match(rebuild.output().stdout, `rebuilding ${name} from the start of the log`)
      t.match(rebuild.output().stdout, new RegExp(`rebuilt ${name}: 40 events in [\\d.]+ s`))
    }
  },
)
