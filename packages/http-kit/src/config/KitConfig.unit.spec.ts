import t from 'tap'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ConfigError, loadConfig } from './KitConfig.ts'

const secret = randomBytes(32).toString('base64url')

t.test('the embedded mode needs no variable and generates a persistent secret', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'gsr-config-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const config = loadConfig({ DATA_DIR: dir })
  t.equal(config.mode, 'embedded')
  t.equal(config.port, 3000)
  t.ok(config.authSecret.length >= 32)
  t.equal(readFileSync(join(dir, 'auth-secret'), 'utf8').trim(), config.authSecret)
  t.equal(loadConfig({ DATA_DIR: dir }).authSecret, config.authSecret, 'same secret on the next start')
})

t.test('errors name the variable', async (t) => {
  const cases: [Record<string, string>, RegExp][] = [
    [{ MODE: 'postgres', AUTH_SECRET: secret }, /DATABASE_URL is required when MODE=postgres/],
    [{ MODE: 'postgres', DATABASE_URL: 'postgres://db/x' }, /AUTH_SECRET is required when MODE=postgres/],
    [{ MODE: 'postgres', DATABASE_URL: 'postgres://db/x', AUTH_SECRET: 'changeme' }, /AUTH_SECRET must be at least 32/],
    [{ MODE: 'cluster', DATABASE_URL: 'postgres://db/x', AUTH_SECRET: secret }, /EVENTSTORE_URL is required/],
    [{ MODE: 'swarm' }, /^ {2}MODE /m],
    [{ PORT: 'eighty', DATA_DIR: '/tmp/x' }, /PORT/],
    [{ LOG_LEVEL: 'loud', DATA_DIR: '/tmp/x' }, /LOG_LEVEL/],
    [{ DATABASE_URL: 'not a url', DATA_DIR: '/tmp/x' }, /DATABASE_URL/],
  ]
  for (const [env, message] of cases) {
    const error = t.throws(() => loadConfig(env)) as unknown
    t.ok(error instanceof ConfigError, JSON.stringify(env))
    t.match((error as Error).message, message)
  }
})

t.test('a well-known default secret is refused even when long enough', async (t) => {
  t.throws(
    () => loadConfig({ MODE: 'postgres', DATABASE_URL: 'postgres://db/x', AUTH_SECRET: 'changeme' }),
    ConfigError,
  )
  const config = loadConfig({ MODE: 'postgres', DATABASE_URL: 'postgres://db/x', AUTH_SECRET: secret, PORT: '8080' })
  t.equal(config.authSecret, secret)
  t.equal(config.port, 8080)
})

t.test('AUTH_SECRET is judged by its entropy, not its length', async (t) => {
  const env = { MODE: 'postgres', DATABASE_URL: 'postgres://db/x' }
  for (const weak of ['a'.repeat(32), 'a'.repeat(64), 'abcdefghijklmnopqrstuvwxyz0123456789', 'Zq9'.repeat(16)]) {
    t.throws(() => loadConfig({ ...env, AUTH_SECRET: weak }), /AUTH_SECRET has too little entropy/, weak)
  }
  t.equal(loadConfig({ ...env, AUTH_SECRET: secret }).authSecret, secret, 'a random one is taken')
})

t.test('empty variables count as unset', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'gsr-config-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  t.equal(loadConfig({ DATA_DIR: dir, PORT: '', AUTH_SECRET: '' }).port, 3000)
})
