import t, { type Test } from 'tap'
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
// The compile (a whole one on a clean clone) comes before the first start; two starts in all, each
// up to 3 min on a loaded 2-core machine (~70 s for the compile at load 45).
t.setTimeout(480_000)

t.test('`npm start` rebuilds a stale build, runs it, and passes SIGTERM on to the app', async (t) => {
  const dataDir = newDataDir(t)
  // An input of the build saved now: newer than any build, so this start compiles before it runs.
  // (Not a source under services/: the console's build would be stale too, and rebuilt first.)
  const now = new Date()
  utimesSync(join(root, 'scripts', 'appBuild.mjs'), now, now)
  const { npm, output, npmExited, appPid } = await startUntilListening(t, dataDir, { detached: false })
  t.not(appPid, npm.pid, 'the app is a process of its own under npm')
  // (On a clean clone there was no build yet: the same compile, for that reason.)
  t.match(
    output(),
    /\[build\] compiling the API to dist\/ \((no build yet|\S+ changed since the last build)\)/,
    'the start saw the build was stale',
  )
  t.match(output(), /\[build\] API built in/, 'the stale build was rebuilt before the start')
  const commandLine = readFileSync(`/proc/${appPid}/cmdline`, 'utf8').split('\0')
  t.ok(commandLine.includes('scripts/run.mjs'), `run.mjs runs the app in its own process: ${commandLine.join(' ')}`)
  t.notOk(
    commandLine.some((arg) => /tsx/.test(arg)),
    'on plain Node, no tsx',
  )
  t.same(nodesUnder(npm.pid!), [appPid], 'no second Node process: the built launcher runs inside run.mjs')

  npm.kill('SIGTERM')
  await npmExited
  await untilGone(appPid)
  t.notOk(isAlive(appPid), 'the app stopped too')
  t.match(output(), /shutting down: finishing in-flight requests/, 'gracefully, through its SIGTERM handler')
})

t.test('Ctrl-C in a terminal (SIGINT to the whole process group) stops the app once, gracefully', async (t) => {
  const dataDir = newDataDir(t)
  // Its own process group, as a terminal's foreground job: npm, its shell and run.mjs all get the SIGINT.
  const { npm, output, npmExited, appPid } = await startUntilListening(t, dataDir, { detached: true })

  process.kill(-npm.pid!, 'SIGINT')
  await npmExited
  await untilGone(appPid)
  t.notOk(isAlive(appPid), 'the app stopped')
  t.equal(output().match(/shutting down: finishing in-flight requests/g)?.length, 1, 'through its handler, once')
  t.match(output(), /projection runner stopped/, 'the projections were stopped')
  t.notMatch(output(), /shutdown failed/, 'and the stores closed without error')
})

function newDataDir(t: Test): string {
  const dataDir = mkdtempSync(join(tmpdir(), 'gsr-npm-start-'))
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }))
  return dataDir
}

/** Runs `npm start` until the app logs `listening on`; npm and the app are killed at teardown. */
async function startUntilListening(t: Test, dataDir: string, { detached }: { detached: boolean }) {
  const npm = spawn('npm', ['start'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), DATA_DIR: dataDir, PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached,
  })
  let output = ''
  npm.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  npm.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const npmExited = new Promise<number | null>((resolve) => npm.on('exit', (code) => resolve(code)))
  t.teardown(() => {
    if (npm.exitCode === null) npm.kill('SIGKILL')
  })
  const deadline = Date.now() + 200_000
  while (!/listening on/.test(output) && Date.now() < deadline && npm.exitCode === null)
    await new Promise((resolve) => setTimeout(resolve, 100))
  // pino writes the app's pid on every line.
  const appPid = Number(/"pid":(\d+)[^\n]*listening on/.exec(output)?.[1])
  t.ok(appPid > 0, 'the app listens')
  t.teardown(() => {
    if (isAlive(appPid)) process.kill(appPid, 'SIGKILL')
  })
  return { npm, output: () => output, npmExited, appPid }
}

async function untilGone(pid: number): Promise<void> {
  const gone = Date.now() + 20_000
  while (isAlive(pid) && Date.now() < gone) await new Promise((resolve) => setTimeout(resolve, 100))
}

/** The Node processes under `pid` (npm's shell, then run.mjs), from /proc. */
function nodesUnder(pid: number): number[] {
  const children = (parent: number): number[] =>
    readFileSync(`/proc/${parent}/task/${parent}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number)
  const found: number[] = []
  for (let queue = children(pid); queue.length > 0;) {
    const child = queue.shift()!
    if (readFileSync(`/proc/${child}/comm`, 'utf8').trim() === 'node') found.push(child)
    queue.push(...children(child))
  }
  return found
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}
