#!/usr/bin/env node
// The entry point of `npm start` and `npm test`: needs only Node.js and npm.
// It brings the pinned pnpm through npx (corepack is not assumed), installs the workspace
// when the lockfile changed since the last install, then runs the requested job.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

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

ensureInstalled()
if (job === 'setup') process.exit(0)
if (job === 'start') process.exit(pnpm(['run', '--silent', 'start:app', ...process.argv.slice(3)]))
if (job === 'test') process.exit(run('node', ['scripts/test.mjs', ...process.argv.slice(3)]))
console.error(`unknown job ${job}; use start, test or setup`)
process.exit(2)
