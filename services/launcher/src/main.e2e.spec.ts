import t from 'tap'
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..')
const tsx = join(root, 'node_modules', '.bin', 'tsx')

t.test('outside the embedded mode, a missing or default signing secret stops the start', async (t) => {
  const cases: [Record<string, string>, RegExp][] = [
    [{ MODE: 'postgres', DATABASE_URL: 'postgres://127.0.0.1:1/none' }, /AUTH_SECRET is required when MODE=postgres/],
    [{ MODE: 'postgres', DATABASE_URL: 'postgres://127.0.0.1:1/none', AUTH_SECRET: 'changeme' }, /AUTH_SECRET/],
    [{ MODE: 'cluster', DATABASE_URL: 'postgres://127.0.0.1:1/none', AUTH_SECRET: 'x'.repeat(40) }, /EVENTSTORE_URL/],
  ]
  for (const [env, message] of cases) {
    const run = spawnSync(tsx, [join(root, 'services/launcher/src/main.ts')], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', ...env },
      encoding: 'utf8',
      timeout: 60_000,
    })
    t.equal(run.status, 1, `exit 1 for ${JSON.stringify(env)}`)
    t.match(run.stderr, message)
    t.notMatch(run.stderr, /at .*\.ts:\d+/, 'a clear message, not a stack trace')
  }
})
