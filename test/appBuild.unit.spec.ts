import t from 'tap'
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { appBuildStale, appStamp } from '../scripts/appBuild.mjs'

/** `npm start` rebuilds dist/ when a source of the build is newer than its stamp, and only then. */
t.test('the build is stale when missing, or when one of its inputs is newer than its stamp', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'gsr-app-build-'))
  t.teardown(() => rmSync(root, { recursive: true, force: true }))
  const files = [
    'tsconfig.build.json',
    'tsconfig.base.json',
    'pnpm-lock.yaml',
    'packages/db/src/index.ts',
    'packages/db/src/index.unit.spec.ts',
    'packages/db/src/testing/index.ts',
    'packages/db/README.md',
    'services/launcher/src/main.ts',
    'services/launcher/src/bench/x.ts',
    'scripts/builtCode/register.ts',
    'scripts/bootstrap-admin.ts',
    'scripts/gsr.ts',
    'dist/services/launcher/src/main.js',
  ]
  const long = new Date('2026-01-01T00:00:00Z')
  for (const file of files) {
    mkdirSync(join(root, file, '..'), { recursive: true })
    writeFileSync(join(root, file), '')
  }
  const age = (path: string, when = long) => utimesSync(join(root, path), when, when)
  for (const file of files) age(file)
  for (const dir of [
    'packages/db/src',
    'packages/db/src/testing',
    'services/launcher/src',
    'services/launcher/src/bench',
  ])
    age(dir)
  for (const dir of ['scripts/builtCode', 'packages/db', 'services/launcher']) age(dir)

  t.equal(appBuildStale(root), 'no build yet')
  writeFileSync(appStamp(root), '')
  age('dist/.built', new Date('2026-02-01T00:00:00Z'))
  t.equal(appBuildStale(root), undefined, 'built after every input: up to date')

  const later = new Date('2026-03-01T00:00:00Z')
  for (const notAnInput of [
    'packages/db/src/index.unit.spec.ts',
    'packages/db/src/testing/index.ts',
    'packages/db/README.md',
    'services/launcher/src/bench/x.ts',
    'scripts/gsr.ts',
    'dist/services/launcher/src/main.js',
  ]) {
    age(notAnInput, later)
    t.equal(appBuildStale(root), undefined, `${notAnInput} is not built: no rebuild`)
  }
  for (const input of [
    'packages/db/src/index.ts',
    'services/launcher/src/main.ts',
    'scripts/builtCode/register.ts',
    'scripts/bootstrap-admin.ts',
    'pnpm-lock.yaml',
    'tsconfig.base.json',
  ]) {
    age(input, later)
    t.match(appBuildStale(root), /changed since the last build/, `${input} changed: rebuild`)
    age(input)
  }
  // A deleted source changes its folder.
  rmSync(join(root, 'services/launcher/src/main.ts'))
  t.match(appBuildStale(root), /^services\/launcher\/src changed since the last build$/, 'a source deleted: rebuild')
})
