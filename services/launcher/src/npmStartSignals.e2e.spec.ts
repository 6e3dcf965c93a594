import t from 'tap'
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, utimesSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * `npm start` as a supervisor runs it: a SIGTERM to npm must stop the app, not orphan it. And
 * what it runs is the built JavaScript on plain Node, rebuilt first when a source is newer.
 */
const root = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..')
// The compile (a whole one on a clean clone) comes before the start.
t.setTimeout(240_000)

t.test('`npm start` rebuilds a stale build, runs it, and passes SIGTERM on to the app', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'gsr-npm-start-'))
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }))
  // A source saved now: newer than any build, so this start compiles before it runs.
  const now = new Date()
  utimesSync(join(root, 'services', 'launcher', 'src', 'main.ts'), now, now)
  const npm = spawn('npm', ['start'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), DATA_DIR: dataDir, PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  npm.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  npm.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const npmExited = new Promise<number | null>((resolve) => npm.on('exit', (code) => resolve(code)))
  const deadline = Date.now() + 150_000
  while (!/listening on/.test(output) && Date.now() < deadline && npm.exitCode === null)
    await new Promise((resolve) => setTimeout(resolve, 100))
  // pino writes the app's pid on every line.
  const appPid = Number(/"pid":(\d+)[^\n]*listening on/.exec(output)?.[1])
  t.ok(appPid > 0, 'the app listens')
  t.teardown(() => {
    if (isAlive(appPid)) process.kill(appPid, 'SIGKILL')
  })
  t.not(appPid, npm.pid, 'the app is a process of its own under npm')
  // (On a clean clone there was no build yet: the same compile, for that reason.)
  t.match(
    output,
    /\[build\] compiling the API to dist\/ \((no build yet|\S+ changed since the last build)\)/,
    'the start saw the build was stale',
  )
  t.match(output, /\[build\] API built in/, 'the stale build was rebuilt before the start')
  const commandLine = readFileSync(`/proc/${appPid}/cmdline`, 'utf8').split('\0')
  t.ok(commandLine.includes('dist/services/launcher/src/main.js'), `the built launcher runs: ${commandLine.join(' ')}`)
  t.notOk(
    commandLine.some((arg) => /tsx/.test(arg)),
    'on plain Node, no tsx',
  )

  npm.kill('SIGTERM')
  await npmExited
  const gone = Date.now() + 20_000
  while (isAlive(appPid) && Date.now() < gone) await new Promise((resolve) => setTimeout(resolve, 100))
  t.notOk(isAlive(appPid), 'the app stopped too')
  t.match(output, /shutting down: finishing in-flight requests/, 'gracefully, through its SIGTERM handler')
})

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}
