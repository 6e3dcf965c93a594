#!/usr/bin/env node
// The whole suite: lint, typecheck, then every tap test on PGlite and, when a PostgreSQL
// server is reachable (GSR_TEST_PG_URL, default postgres://postgres@127.0.0.1:5432/test),
// on PostgreSQL too. Ends with the line `N passed, N failed`.
import { spawn, spawnSync } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { existsSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { availableParallelism, loadavg } from 'node:os'
import pg from 'pg'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const bin = (name) => join(root, 'node_modules', '.bin', name)
const only = process.argv.slice(2)

function step(name, command, args) {
  const started = Date.now()
  console.log(`[test] ${name} ...`)
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' })
  const ok = result.status === 0
  console.log(`[test] ${name} ${ok ? 'ok' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  return ok
}

async function reachable(url) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 })
  try {
    await client.connect()
    await client.query('SELECT 1')
    return true
  } catch {
    return false
  } finally {
    await client.end().catch(() => {})
  }
}

/** Finds PostgreSQL, or starts the machine's cluster when one is installed but stopped. */
async function findPostgres() {
  const url = process.env.GSR_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
  if (process.env.GSR_TEST_PG_URL === '') return undefined
  if (await reachable(url)) return url
  if (existsSync('/etc/postgresql')) {
    for (const version of readdirSync('/etc/postgresql')) {
      spawnSync('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'start'], { stdio: 'ignore' })
    }
    if (await reachable(url)) return url
  }
  return undefined
}

const failures = []
if (only.length === 0) {
  if (!step('lint', bin('eslint'), ['.'])) failures.push('lint')
  if (!step('format', bin('prettier'), ['--check', '.'])) failures.push('format')
  if (!step('typecheck', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit'])) failures.push('typecheck')
}

/**
 * Connections one spec file may hold on the server: its pool (createPostgresClient keeps up to 10
 * open until closed) plus the schema's bootstrap and drop clients, and room for the files that
 * start a child process with a pool of its own (severalProjectors, the launcher's and CLI specs).
 */
const connectionsPerFile = 16
/** Left free for whatever else uses the server meanwhile (a psql, another checkout's run). */
const connectionHeadroom = 10

/** Connections the server can still accept now: max_connections less the client backends open. */
async function freeConnections(url) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 })
  try {
    await client.connect()
    const { rows } = await client.query(
      "SELECT current_setting('max_connections')::int AS max, count(*)::int AS used FROM pg_stat_activity WHERE backend_type = 'client backend'",
    )
    return { max: rows[0].max, free: rows[0].max - rows[0].used }
  } finally {
    await client.end().catch(() => {})
  }
}

/**
 * Files run side by side: one per core (tap's default), but no more than the server's free
 * connections allow, so parallel files never meet "sorry, too many clients already".
 */
async function chooseJobs(url) {
  const cores = availableParallelism()
  if (!url) return { jobs: cores, why: `${cores} cores` }
  const { max, free } = await freeConnections(url)
  const byConnections = Math.max(1, Math.floor((free - connectionHeadroom) / connectionsPerFile))
  const jobs = Math.min(cores, byConnections)
  return { jobs, why: `${cores} cores, ${free} of ${max} PostgreSQL connections free, ${connectionsPerFile} a file` }
}

/**
 * The time a file may take before tap kills it: 300 s on a machine with a core per runnable
 * process, stretched by the load average over the cores (a file gets a smaller share of a CPU
 * on a busy machine), at most 3×. A hung file still ends. The slowest files take about 120 s
 * while the whole suite shares two cores (each starts the app or a browser several times).
 */
function fileTimeoutSeconds() {
  const stretch = Math.min(3, Math.max(1, loadavg()[0] / availableParallelism()))
  return Math.round(300 * stretch)
}

/**
 * tap builds its test class for the configured plugins (package.json: no @tapjs/typescript,
 * tsx instead) on its first run after an install, but that run's files still load the default
 * plugins' loaders (ts-node: a second of CPU per file). Build first, once per install.
 */
function ensureTapBuilt() {
  const marker = join(root, 'node_modules', '.gsr-tap-built')
  const inputs = [join(root, 'package.json'), join(root, 'pnpm-lock.yaml')]
  if (existsSync(marker) && inputs.every((input) => statSync(input).mtimeMs <= statSync(marker).mtimeMs)) return true
  if (!step('tap build', bin('tap'), ['build'])) return false
  writeFileSync(marker, new Date().toISOString())
  return true
}

const pgUrl = await findPostgres()
const env = { ...process.env, GSR_TEST_PG_URL: pgUrl ?? '' }
console.log(
  pgUrl ? `[test] PostgreSQL found at ${pgUrl.replace(/\/\/[^@]*@/, '//')}` : '[test] no PostgreSQL: PGlite only',
)
const { jobs, why } = await chooseJobs(pgUrl)
const timeout = fileTimeoutSeconds()
console.log(`[test] ${jobs} files at a time (${why}); ${timeout} s a file (load ${loadavg()[0].toFixed(1)})`)

// One template PGlite data folder per run (per process, so overlapping runs never share one);
// each test file copies it (fast) instead of initdb. Removed when the run ends.
const template = join(root, '.data', `test-pglite-template-${process.pid}`)
const made = spawnSync(
  bin('tsx'),
  ['-e', `import('@gsr/db/testing').then(m => m.createPgliteTemplate(${JSON.stringify(template)}))`],
  { cwd: join(root, 'packages', 'db'), stdio: 'inherit' },
)
if (made.status !== 0) failures.push('pglite template')
env.GSR_PGLITE_TEMPLATE = template

if (!ensureTapBuilt()) failures.push('tap build')
const tapArgs = ['--reporter=tap', `--jobs=${jobs}`, `--timeout=${timeout}`, ...only]
const child = spawn(bin('tap'), tapArgs, { cwd: root, env, stdio: ['ignore', 'pipe', 'inherit'] })
let tail = ''
child.stdout.on('data', (chunk) => {
  process.stdout.write(chunk)
  tail = (tail + chunk.toString()).slice(-4000)
})
const tapStatus = await new Promise((resolve) => child.on('close', resolve))
rmSync(template, { recursive: true, force: true })

// tap's last summary line looks like `# { total: 12, pass: 11, fail: 1, skip: 2 }`.
const summary = [...tail.matchAll(/# \{ total: (\d+)([^}]*)\}/g)].at(-1)
const count = (key) => Number(summary?.[2]?.match(new RegExp(`${key}: (\\d+)`))?.[1] ?? 0)
const passed =
  count('pass') +
  (only.length === 0 ? 3 - failures.filter((f) => ['lint', 'format', 'typecheck'].includes(f)).length : 0)
const failed = count('fail') + failures.length + (summary ? 0 : 1)
if (tapStatus !== 0 && failed === 0) failures.push('tap exit code')
if (failures.length) console.log(`[test] failed steps: ${failures.join(', ')}`)
const skipped = count('skip') + count('todo')
console.log(
  `${passed} passed, ${failed + (tapStatus !== 0 && failed === 0 ? 1 : 0)} failed${skipped ? `, ${skipped} skipped` : ''}`,
)
process.exit(failed === 0 && tapStatus === 0 ? 0 : 1)
