#!/usr/bin/env node
// The entry point of `npm start` and `npm test`: needs only Node.js and npm.
// It brings the pinned pnpm through npx (corepack is not assumed), installs the workspace
// when the lockfile changed since the last install, then runs the requested job.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ensureAppBuilt } from './appBuild.mjs'
import { ensureConsoleBuilt } from './consoleBuild.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const { packageManager } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
const job = process.argv[2] ?? 'start'

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
 * The built launcher, on plain Node with no loader: dist/ comes from scripts/appBuild.mjs (tsc,
 * then its workspace packages linked so they resolve to their builds).
 */
const builtLauncher = ['dist/services/launcher/src/main.js']

/**
 * Runs the built app as this process's child, with no package manager in between, and passes the
 * signals a supervisor or a terminal sends on to it: SIGTERM to `npm start` stops the app
 * gracefully, and this process exits as the app did (never leaving it running alone).
 */
function runApp(args) {
  const child = spawn(process.execPath, [...builtLauncher, ...args], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
    // Its own process group: a terminal's Ctrl-C reaches it once, from here, not twice (the
    // app takes a second SIGINT as "stop now").
    detached: true,
  })
  let forwarded = false
  const forward = (signal) => {
    forwarded = true
    if (child.exitCode === null && child.signalCode === null) child.kill(signal)
  }
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => forward(signal))
  // npm passes a SIGTERM to the shell it ran this script with, and that shell dies of it
  // without passing it on: this process is then orphaned. Its parent gone, stop the app.
  const parent = process.ppid
  setInterval(() => {
    if (process.ppid !== parent && !forwarded) forward('SIGTERM')
  }, 200).unref()
  child.on('error', (error) => {
    console.error(error.message)
    process.exit(1)
  })
  child.on('exit', (code, signal) => {
    if (signal) {
      process.removeAllListeners(signal)
      process.kill(process.pid, signal)
    } else process.exit(code ?? 1)
  })
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
  runApp(process.argv.slice(3))
} else if (job === 'test') process.exit(run('node', ['scripts/test.mjs', ...process.argv.slice(3)]))
else {
  console.error(`unknown job ${job}; use start, test or setup`)
  process.exit(2)
}
