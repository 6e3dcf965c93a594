import t from 'tap'
import { CredentialCache, forgetCredentialEverywhere, registerCredentialCache } from './credentialCache.ts'

const row = (id: string, parent_id: string | null = null) => ({ id, parent_id })

t.test('a row is reused until its time to live is over', async (t) => {
  let now = 0
  const cache = new CredentialCache(1000, 10, () => now)
  cache.set(row('k1'), cache.currentGeneration)
  t.same(cache.get('k1'), row('k1'))
  now = 999
  t.ok(cache.get('k1'))
  now = 1000
  t.equal(cache.get('k1'), undefined, 'expired')
})

t.test('a time to live of 0 caches nothing', async (t) => {
  const cache = new CredentialCache(0)
  cache.set(row('k1'), cache.currentGeneration)
  t.equal(cache.get('k1'), undefined)
})

t.test('forget drops the credential and the sessions minted with it', async (t) => {
  const cache = new CredentialCache(60_000)
  cache.set(row('k1'), cache.currentGeneration)
  cache.set(row('s1', 'k1'), cache.currentGeneration)
  cache.set(row('k2'), cache.currentGeneration)
  cache.forget('k1')
  t.equal(cache.get('k1'), undefined)
  t.equal(cache.get('s1'), undefined)
  t.ok(cache.get('k2'))
})

t.test('a row read before a revocation is not cached after it', async (t) => {
  const cache = new CredentialCache(60_000)
  const readAt = cache.currentGeneration
  cache.forget('k1') // the revocation lands while the row is being read
  cache.set(row('k1'), readAt)
  t.equal(cache.get('k1'), undefined)
})

t.test('the cache is bounded: the oldest rows go first', async (t) => {
  const cache = new CredentialCache(60_000, 2)
  for (const id of ['k1', 'k2', 'k3']) cache.set(row(id), cache.currentGeneration)
  t.equal(cache.get('k1'), undefined)
  t.ok(cache.get('k2'))
  t.ok(cache.get('k3'))
})

t.test('forgetCredentialEverywhere reaches every registered cache until it unregisters', async (t) => {
  const a = new CredentialCache(60_000)
  const b = new CredentialCache(60_000)
  const unregisterA = registerCredentialCache(a)
  const unregisterB = registerCredentialCache(b)
  for (const cache of [a, b]) cache.set(row('k1'), cache.currentGeneration)
  forgetCredentialEverywhere('k1')
  t.equal(a.get('k1'), undefined)
  t.equal(b.get('k1'), undefined)
  unregisterA()
  a.set(row('k1'), a.currentGeneration)
  forgetCredentialEverywhere('k1')
  t.ok(a.get('k1'), 'no longer told')
  unregisterB()
})
