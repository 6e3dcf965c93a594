import t from 'tap'
import { connect } from 'node:net'
import { createPgliteClient } from '@gsr/db'
import { createTestApp, credentialFor } from '../testing/index.ts'
import { issueApiKey } from '../identity/identityStore.ts'
import { exampleModule } from '../example/exampleModule.ts'

/** Limits of the edge: rate limits before and after authentication, and the request timeout. */
t.test('limits', async (t) => {
  const db = await createPgliteClient()
  t.teardown(() => db.close())
  const app = await createTestApp([exampleModule], {
    db,
    config: { rateLimitPerSourcePerMinute: 8, rateLimitPerMinute: 4, requestTimeoutSeconds: 1 },
  })
  t.teardown(() => app.close())
  const me = (authorization: string, remoteAddress: string) =>
    app.inject({ method: 'GET', url: '/example/notes', headers: { authorization }, remoteAddress })

  t.test('a flood of bad keys from one source is limited before any lookup', async (t) => {
    const statuses: number[] = []
    for (let i = 0; i < 10; i++) statuses.push((await me(`Bearer gsr_k_bad${i}`, '198.51.100.7')).statusCode)
    t.same(statuses, [401, 401, 401, 401, 401, 401, 401, 401, 429, 429], 'the 9th bad key is refused unread')
    const refused = await me('Bearer gsr_k_bad', '198.51.100.7')
    t.equal(refused.json().type, 'urn:gsr:problem:rate-limited')
    t.ok(Number(refused.headers['retry-after']) >= 1, 'with Retry-After')
    t.equal((await me('Bearer gsr_k_bad', '198.51.100.8')).statusCode, 401, 'another source is not affected')
  })

  t.test('one member has one budget, however many keys or tokens it holds', async (t) => {
    const alice = await credentialFor(app, { kind: 'equipment_user' })
    const second = await issueApiKey(app.kit.sql, alice.memberId)
    const keys = [alice.apiKey, second.apiKey]
    const statuses: number[] = []
    for (let i = 0; i < 6; i++) statuses.push((await me(`Bearer ${keys[i % 2]}`, '203.0.113.1')).statusCode)
    t.same(statuses, [200, 200, 200, 200, 429, 429], 'four requests a minute across both keys')
    const bob = await credentialFor(app, { kind: 'equipment_user' })
    t.equal((await me(bob.headers.authorization, '203.0.113.1')).statusCode, 200, 'another member has its own')
    t.equal(
      (await app.inject({ method: 'GET', url: '/health', remoteAddress: '198.51.100.7' })).statusCode,
      200,
      'health is never limited',
    )
  })

  t.test('a request whose body does not arrive in time is answered 408 and closed', async (t) => {
    const base = await app.listen({ port: 0, host: '127.0.0.1' })
    const port = Number(new URL(base).port)
    const carol = await credentialFor(app, { kind: 'equipment_user' })
    const slow = async (authorization: string) => {
      const socket = connect(port, '127.0.0.1')
      const started = Date.now()
      let received = ''
      socket.on('data', (chunk) => (received += chunk.toString()))
      socket.on('error', () => {})
      const closed = new Promise<number>((resolve) => socket.on('close', () => resolve(Date.now() - started)))
      socket.write(
        `POST /example/notes HTTP/1.1\r\nHost: x\r\nAuthorization: ${authorization}\r\n` +
          'Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{"a":',
      )
      const timer = setTimeout(() => socket.destroy(), 10_000)
      const elapsed = await closed
      clearTimeout(timer)
      return { elapsed, received }
    }
    const authorised = await slow(carol.headers.authorization)
    t.ok(authorised.elapsed < 5_000, `closed after ${authorised.elapsed} ms (limit 1 s, checked every second)`)
    t.match(authorised.received, /^HTTP\/1\.1 408/, '408 Request Timeout')
    const refused = await slow('Bearer gsr_k_nobody')
    t.match(refused.received, /^HTTP\/1\.1 401/, 'refused before its body')
    t.ok(refused.elapsed < 5_000, `and its connection closed after ${refused.elapsed} ms, not held by the slow body`)
  })
})
