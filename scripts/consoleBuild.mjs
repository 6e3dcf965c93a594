// Builds the enforcement console (apps/console) when its build is missing or older than what it
// is made of: its own sources, the lockfile, and the API it is typed against (every non-spec
// source of packages/ and services/, since any of them may change a route's OpenAPI schema).
// Used by scripts/run.mjs (start, setup, test) and by the console's browser spec.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { newestModification as newest } from './newestModification.mjs'

/** The inputs' newest modification time. */
function inputsTime(root) {
  const app = join(root, 'apps', 'console')
  const generated = (name) => name === 'schema.d.ts'
  const own = ['src', 'scripts', 'index.html', 'vite.config.ts', 'package.json', 'tsconfig.json']
  let latest = Math.max(
    ...own.map((name) => newest(join(app, name), generated)),
    statSync(join(root, 'pnpm-lock.yaml')).mtimeMs,
  )
  const spec = (name) => /\.spec\.ts$/.test(name) || name === 'testing' || name === 'README.md'
  for (const group of ['packages', 'services'])
    for (const name of readdirSync(join(root, group)))
      latest = Math.max(latest, newest(join(root, group, name, 'src'), spec))
  return latest
}

export function consoleStamp(root) {
  return join(root, 'apps', 'console', 'dist', '.built')
}

/** True when apps/console/dist is missing or older than its inputs. */
export function consoleBuildStale(root) {
  const stamp = consoleStamp(root)
  return !existsSync(stamp) || statSync(stamp).mtimeMs < inputsTime(root)
}

/** Builds the console if stale: API types, typecheck, Vite. Returns the exit status (0: up to date or built). */
export function ensureConsoleBuilt(root, { force = false } = {}) {
  if (!force && !consoleBuildStale(root)) return 0
  const app = join(root, 'apps', 'console')
  const bin = (name) => join(root, 'node_modules', '.bin', name)
  const started = Date.now()
  console.log('[setup] building the enforcement console (apps/console) ...')
  const steps = [
    [bin('tsx'), ['scripts/apiTypes.ts']],
    [bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']],
    [join(app, 'node_modules', '.bin', 'vite'), ['build', '--logLevel', 'warn']],
  ]
  for (const [command, args] of steps) {
    const result = spawnSync(command, args, { cwd: app, stdio: 'inherit' })
    if (result.error) throw result.error
    if (result.status !== 0) {
      console.error(`[setup] the console build failed at: ${[command.split('/').pop(), ...args].join(' ')}`)
      return result.status ?? 1
    }
  }
  writeFileSync(consoleStamp(root), new Date().toISOString())
  console.log(`[setup] console built in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  return 0
}
