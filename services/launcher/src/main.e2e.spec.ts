import t from 'tap'
import { randomBytes } from 'node:crypto'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startMain } from './testing/startMain.ts'

const root = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..')
const tsx = join(root, 'node_modules', '.bin', 'tsx')

t.test('outside the embedded mode, a missing or default signing secret stops the start', async (t) => {
  const cases: [Record<string, string>, RegExp][] = [
    [{ MODE: 'postgres', DATABASE_URL: 'postgres://127.0.0.1:1/none' }, /AUTH_SECRET is required when MODE=postgres/],
    [{ MODE: 'postgres', DATABASE_URL: 'postgres://127.0.0.1:1/none', AUTH_SECRET: 'changeme' }, /AUTH_SECRET/],
    [
      {
        MODE: 'cluster',
        DATABASE_URL: 'postgres://127.0.0.1:1/none',
        AUTH_SECRET: randomBytes(32).toString('base64url'),
      },
      /EVENTSTORE_URL/,
    ],
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

t.test('the start command: embedded mode with no configuration serves /health, then stops on SIGTERM', async (t) => {
  const parent = mkdtempSync(join(tmpdir(), 'gsr-main-'))
  t.teardown(() => rmSync(parent, { recursive: true, force: true }))
  const dataDir = join(parent, 'embedded')

  const first = startMain({ DATA_DIR: dataDir, PORT: '0' })
  t.teardown(() => first.child.kill('SIGKILL'))
  const url = await first.listening
  t.match(first.output(), /DEMO_DATA=1/, 'an empty store offers the demo data')
  const health = await fetch(`${url}/health`)
  t.equal(health.status, 200, 'GET /health is 200')

  const adminKey = readFileSync(join(dataDir, 'admin-key.txt'), 'utf8').trim()
  t.match(first.output(), adminKey, 'the demo administrator key is printed once')
  const me = await fetch(`${url}/auth/me`, { headers: { authorization: `Bearer ${adminKey}` } })
  t.equal(me.status, 200, 'the printed key authenticates')

  // The data folder and everything in it is for this user alone.
  const open = listTree(dataDir).filter((path) => (statSync(path).mode & 0o077) !== 0)
  t.same(open, [], 'no file or folder of the data folder is readable by group or others')
  t.equal(statSync(dataDir).mode & 0o777, 0o700, 'the data folder is 0700')

  // A second process on the folder in use refuses, saying why (it would lose one side's writes).
  const second = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'services/launcher/src/main.ts')], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, PORT: '0' },
    encoding: 'utf8',
    timeout: 60_000,
  })
  t.equal(second.status, 1, 'a second start on the same data folder exits 1')
  t.match(second.stderr, new RegExp(`data folder .* is in use by process ${first.child.pid} `))
  t.notMatch(second.stderr, /at .*\.ts:\d+/, 'a clear message, not a stack trace')

  first.child.kill('SIGTERM')
  t.equal(await first.exited, 0, 'SIGTERM: graceful exit 0')

  // A second start reopens the same data folder: no new administrator, the old key still works.
  const restarted = startMain({ DATA_DIR: dataDir, PORT: '0', SERVICES: 'admin,registry' })
  t.teardown(() => restarted.child.kill('SIGKILL'))
  const url2 = await restarted.listening
  t.notMatch(restarted.output(), /Demo administrator created/)
  const again = await fetch(`${url2}/auth/me`, { headers: { authorization: `Bearer ${adminKey}` } })
  t.equal(again.status, 200)
  const enforcement = await fetch(`${url2}/enforcement/violations`, {
    headers: { authorization: `Bearer ${adminKey}` },
  })
  t.equal(enforcement.status, 404, 'SERVICES=admin,registry leaves the enforcement routes out')
  restarted.child.kill('SIGTERM')
  t.equal(await restarted.exited, 0)
})

function listTree(dir: string): string[] {
  return [dir, ...readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((name) => join(dir, name))]
}

t.test('SERVICES naming an unknown service stops the start with a message naming the variable', async (t) => {
  const run = spawnSync(tsx, [join(root, 'services/launcher/src/main.ts')], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', SERVICES: 'registry,boilers', DATA_DIR: join(tmpdir(), 'gsr-unused') },
    encoding: 'utf8',
    timeout: 60_000,
  })
  t.equal(run.status, 1)
  t.match(run.stderr, /SERVICES names unknown services: boilers/)
})
