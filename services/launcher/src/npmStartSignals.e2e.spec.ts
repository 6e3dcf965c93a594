import t from 'tap'
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** `npm start` as a supervisor runs it: a SIGTERM to npm must stop the app, not orphan it. */
const root = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..')

t.test('`npm start` passes SIGTERM on to the app: npm exits and the app with it', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'gsr-npm-start-'))
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }))
  const npm = spawn('npm', ['start'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), DATA_DIR: dataDir, PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  npm.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  npm.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const npmExited = new Promise<number | null>((resolve) => npm.on('exit', (code) => resolve(code)))
  const deadline = Date.now() + 90_000
  while (!/listening on/.test(output) && Date.now() < deadline && npm.exitCode === null)
    await new Promise((resolve) => setTimeout(resolve, 100))
  // pino writes the app's pid on every line.
  const appPid = Number(/"pid":(\d+)[^\n]*listening on/.exec(output)?.[1])
  t.ok(appPid > 0, 'the app listens')
  t.teardown(() => {
    if (isAlive(appPid)) process.kill(appPid, 'SIGKILL')
  })
  t.not(appPid, npm.pid, 'the app is a process of its own under npm')

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
