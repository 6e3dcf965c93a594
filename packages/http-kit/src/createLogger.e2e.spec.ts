import t from 'tap'
import { Writable } from 'node:stream'
import { forEachDatabase } from '@gsr/db/testing'
import { createLogger } from './createLogger.ts'
import { createTestApp, credentialFor } from './testing/index.ts'
import { exampleModule } from './example/exampleModule.ts'
import type { ServiceModule } from './ServiceModule.ts'

const leaky: ServiceModule = {
  name: 'leaky',
  async routes(app) {
    app.get('/leaky', async (request) => {
      // A careless log line: the redaction still hides the credential.
      request.log.info({ headers: request.headers }, 'headers seen')
      throw new Error('boom')
    })
  },
}

forEachDatabase(t, async (t, db) => {
  const lines: string[] = []
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean))
      done()
    },
  })
  const app = await createTestApp([exampleModule, leaky], { db, logger: createLogger('info', sink) })
  t.teardown(() => app.close())
  const user = await credentialFor(app, { kind: 'equipment_user' })
  const secret = user.apiKey.split('.')[1] as string

  t.test('logs carry request ids and never the credential', async (t) => {
    await app.inject({ method: 'GET', url: '/example/notes', headers: { ...user.headers, 'x-request-id': 'req-123' } })
    await app.inject({ method: 'GET', url: '/leaky', headers: { 'x-api-key': user.apiKey, 'x-request-id': 'req-456' } })
    await app.inject({ method: 'GET', url: '/leaky', headers: user.headers })
    await new Promise((resolve) => setImmediate(resolve))
    const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>)
    t.ok(records.some((r) => r.reqId === 'req-123'))
    t.ok(
      records.some((r) => r.reqId === 'req-456' && r.msg === 'unhandled error'),
      'errors logged with the request id',
    )
    t.ok(records.some((r) => r.msg === 'headers seen'))
    for (const line of lines) t.notMatch(line, secret, 'no API key secret in any log line')
    t.ok(lines.some((line) => line.includes('[redacted]')))
  })
})
