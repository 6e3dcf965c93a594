#!/usr/bin/env node
// The entry point of `npm start` and `npm test`: needs only Node.js and npm.
// It brings the pinned pnpm through npx (corepack is not assumed), installs the workspace
// when the lockfile changed since the last install, then runs the requested job. `npm start` runs
// it with `--max-semi-space-size=4` (package.json): the app runs in this process, and V8's young
// generation at its default (16 MB semi-spaces) held ~30 MB more at idle (services/launcher/README.md).
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { ensureAppBuilt } from './appBuild.mjs'
import { ensureConsoleBuilt } from './consoleBuild.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const { packageManager, engines } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
// Fail early and plainly on a Node.js the project does not run on (engines: 20.9 to 24), instead
// of a syntax or loader error deep in the install; a newer one is untested, so only warned about.
const [major, minor] = process.versions.node.split('.').map(Number)
if (major < 20 || (major === 20 && minor < 9)) {
  console.error(`[setup] this project needs Node.js ${engines.node}; this is ${process.version}`)
  process.exit(1)
}
if (major > 24) console.warn(`[setup] Node.js ${process.version} is untested here (tested: ${engines.node})`)
const job = process.argv[2] ?? 'start'
// Who started this process: `npm start`'s shell (see runAppInProcess), noted before any build.
const parent = process.ppid

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options })
  if (result.error) throw result.error
  return result.status ?? 1
}

function pnpm(args) {
  return run('npx', ['--yes', packageManager, ...args])
}

function ensureInstalled() {
  const marker = join(root, 'node_modules', '.gsr-installed')
  const lock = join(root, 'pnpm-lock.yaml')
  const upToDate = existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs
  if (upToDate) return
  console.log(`[setup] installing dependencies with ${packageManager} ...`)
  const status = pnpm(['install', '--frozen-lockfile', '--prefer-offline'])
  if (status !== 0) process.exit(status)
  writeFileSync(marker, new Date().toISOString())
}

/**
 * Runs the built launcher (dist/ from scripts/appBuild.mjs: plain Node, no loader) in this very
 * process: a second Node process for it would hold ~45 MB more for the server's whole life. The
 * app's own SIGINT/SIGTERM handlers stop it gracefully (PGlite closed), and it exits non-zero when
 * it fails. Two cases are this file's: a signal before the app has set its handlers (still
 * booting) stops the process as it would by default; and npm passes a SIGTERM to the shell it ran
 * this script with, which dies of it without passing it on, orphaning this process: its parent
 * gone, it stops as on SIGTERM.
 */
async function runAppInProcess() {
  let signalled = false
  const noteSignal = (signal) => {
    signalled = true
    if (process.listenerCount(signal) > 1) return
    process.removeListener(signal, noteSignal)
    process.kill(process.pid, signal)
  }
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, noteSignal)
  // Orphaned while the build ran: nothing to start for.
  if (process.ppid !== parent) process.exit(1)
  setInterval(() => {
    if (process.ppid === parent || signalled) return
    signalled = true
    process.kill(process.pid, 'SIGTERM')
  }, 200).unref()
  await import(pathToFileURL(join(root, 'dist', 'services', 'launcher', 'src', 'main.js')).href)
}

ensureInstalled()
// The enforcement console (apps/console), built when missing or stale: for start and setup, and
// for tests when the whole suite runs or a spec is named that needs it (the console's, and the one
// that runs `npm start`). A failed build stops setup only: the API starts without the console,
// and the console's spec reports the failure.
const testFiles = process.argv.slice(3)
if (job !== 'test' || testFiles.length === 0 || testFiles.some((file) => /console|npmStart/.test(file))) {
  const status = ensureConsoleBuilt(root)
  if (status !== 0 && job === 'setup') process.exit(status)
  if (status !== 0) console.error('[setup] continuing without a fresh console build')
}
if (job === 'setup') process.exit(ensureAppBuilt(root, { check: false }))
// The spec that runs `npm start` finds the API built (it then recompiles one touched file), so a
// whole compile on a clean clone is not timed inside a test file sharing the machine with others.
if (job === 'test' && (testFiles.length === 0 || testFiles.some((file) => /npmStart/.test(file)))) {
  const status = ensureAppBuilt(root, { check: false })
  if (status !== 0) process.exit(status)
}
if (job === 'start') {
  // The API's JavaScript, compiled when missing or older than its sources (a warm start checks
  // modification times only). A failed build stops here: nothing older is started in its place.
  const status = ensureAppBuilt(root, { check: false })
  if (status !== 0) {
    console.error('[start] not started: the build failed')
    process.exit(status)
  }
  await runAppInProcess()
} else if (job === 'test') process.exit(run('node', ['scripts/test.mjs', ...process.argv.slice(3)]))
else {
  console.error(`unknown job ${job}; use start, test or setup`)
  process.exit(2)
}
