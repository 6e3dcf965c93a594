// Builds the API (tsc -p tsconfig.build.json into dist/) when its build is missing or older than
// what it is made of: every non-spec source of packages/ and services/, the scripts the build
// includes, the tsconfig files and the lockfile. `npm start` (scripts/run.mjs) then runs the
// built JavaScript on plain Node: no TypeScript compiled at start. The check reads modification
// times only (a warm start spends milliseconds on it); tsc's own incremental state
// (dist/.tsbuildinfo) keeps a rebuild after an edit to what changed. dist/ then resolves its
// workspace packages itself (linkBuiltPackages): `node dist/services/launcher/src/main.js`.
import { spawnSync } from 'node:child_process'
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { newestModification as newest } from './newestModification.mjs'

/** Not part of the build (tsconfig.build.json excludes them): specs, test helpers, notes. */
const notBuilt = (name) => /\.spec\.ts$/.test(name) || name === 'testing' || name === 'bench' || name.endsWith('.md')

/** The newest modification time of the build's inputs, and which input it is. */
export function appInputsTime(root) {
  let latest = { time: 0, path: '' }
  const consider = (path, skip = notBuilt) => {
    const time = newest(path, skip)
    if (time > latest.time) latest = { time, path }
  }
  for (const file of ['tsconfig.build.json', 'tsconfig.base.json', 'pnpm-lock.yaml']) consider(join(root, file))
  for (const group of ['packages', 'services'])
    for (const name of readdirSync(join(root, group))) consider(join(root, group, name, 'src'))
  consider(join(root, 'scripts', 'builtCode'))
  // This file too: how dist/ is made.
  for (const file of ['bootstrap-admin.ts', 'rebuild-projection.ts', 'appBuild.mjs'])
    consider(join(root, 'scripts', file))
  return latest
}

export function appStamp(root) {
  return join(root, 'dist', '.built')
}

/** Why dist/ must be (re)built, or undefined when it is up to date. */
export function appBuildStale(root) {
  const stamp = appStamp(root)
  if (!existsSync(stamp)) return 'no build yet'
  const stampTime = statSync(stamp).mtimeMs
  const inputs = appInputsTime(root)
  if (inputs.time > stampTime)
    return `${inputs.path.slice(root.length + 1) || inputs.path} changed since the last build`
  return undefined
}

/** `./src/x.ts` -> `./src/x.js`, through an `exports` map. */
function builtExports(exports) {
  if (typeof exports === 'string') return exports.replace(/\.ts$/, '.js')
  return Object.fromEntries(Object.entries(exports).map(([key, value]) => [key, builtExports(value)]))
}

function link(target, path) {
  rmSync(path, { recursive: true, force: true })
  mkdirSync(dirname(path), { recursive: true })
  symlinkSync(relative(dirname(path), target), path)
}

/**
 * Makes dist/ resolve on its own, as plain Node resolves packages, with no loader hook: each
 * workspace package's package.json beside its build (exports pointing at the .js), every
 * workspace package under dist/node_modules/@gsr/, and a package's own third-party dependencies
 * (the launcher's @fastify/static) in dist/<package>/node_modules, linked to the installed ones.
 * The others resolve from the root's node_modules, as from the sources.
 */
export function linkBuiltPackages(root) {
  for (const group of ['packages', 'services'])
    for (const name of readdirSync(join(root, group))) {
      const source = join(root, group, name)
      const built = join(root, 'dist', group, name)
      if (!existsSync(join(source, 'package.json')) || !existsSync(built)) continue
      const manifest = JSON.parse(readFileSync(join(source, 'package.json'), 'utf8'))
      const { name: packageName, version, type, exports, dependencies = {} } = manifest
      const builtManifest = { name: packageName, version, type, exports: builtExports(exports) }
      writeFileSync(join(built, 'package.json'), JSON.stringify(builtManifest, null, 2) + '\n')
      link(built, join(root, 'dist', 'node_modules', ...packageName.split('/')))
      for (const dependency of Object.keys(dependencies)) {
        if (dependency.startsWith('@gsr/')) continue
        const installed = join(source, 'node_modules', ...dependency.split('/'))
        if (existsSync(installed)) link(realpathSync(installed), join(built, 'node_modules', ...dependency.split('/')))
      }
    }
}

/**
 * Builds dist/ if stale. Returns the exit status: 0 when up to date or built; tsc's status when
 * it failed (its errors printed, and a line saying the build failed). `check: false` (what
 * `npm start` uses) emits without type-checking, as tsx ran the sources: a syntax error still
 * fails the build; type errors are for `npm test` and `npm run build`.
 */
export function ensureAppBuilt(root, { force = false, check = true, log = console } = {}) {
  const reason = force ? 'forced' : appBuildStale(root)
  if (!reason) return 0
  const started = Date.now()
  log.log(`[build] compiling the API to dist/ (${reason}) ...`)
  const tsc = join(root, 'node_modules', '.bin', 'tsc')
  const args = ['-p', 'tsconfig.build.json', ...(check ? [] : ['--noCheck'])]
  const result = spawnSync(tsc, args, { cwd: root, stdio: 'inherit' })
  if (result.error) throw result.error
  if (result.status !== 0) {
    log.error(
      `[build] FAILED: tsc ${args.join(' ')} exited with ${result.status ?? result.signal}; fix the errors above`,
    )
    return result.status || 1
  }
  linkBuiltPackages(root)
  // Dated when the build began: a source saved while tsc ran is newer, and the next start rebuilds.
  writeFileSync(appStamp(root), new Date().toISOString() + '\n')
  utimesSync(appStamp(root), new Date(started), new Date(started))
  log.log(`[build] API built in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  return 0
}
