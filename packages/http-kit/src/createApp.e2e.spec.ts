import t from 'tap'
import { z } from 'zod'
import { forEachDatabase } from '@gsr/db/testing'
import { WrongExpectedRevisionError } from '@gsr/event-store'
import { DomainError } from '@gsr/domain'
import { createTestApp, credentialFor } from './testing/index.ts'
import { exampleModule } from './example/exampleModule.ts'
import { purgeIdempotencyRecords } from './idempotency/purgeIdempotencyRecords.ts'
import type { ServiceModule } from './ServiceModule.ts'

/** Routes that fail on purpose, to see what leaves the process. */
let flakyCalls = 0
const failingModule: ServiceModule = {
  name: 'failing',
  async routes(app) {
    app.post('/failing/crash', { schema: { body: z.strictObject({}) } }, async () => {
      throw new Error('duplicate key value violates unique constraint "secret_table_pkey" SELECT * FROM secret_table')
    })
    app.post('/failing/unregistered-rule', async () => {
      throw new DomainError('some-unlisted-rule', { en: 'refused', 'zh-CN': '已拒绝' })
    })
    app.post('/failing/conflict', async () => {
      throw new WrongExpectedRevisionError('cylinder-1', 3, 4)
    })
    app.post('/failing/flaky', async (_request, reply) => {
      flakyCalls += 1
      if (flakyCalls === 1) throw new Error('transient')
      return reply.code(201).send({ call: flakyCalls })
    })
  },
}

forEachDatabase(t, async (t, db) => {
  const app = await createTestApp([exampleModule, failingModule], { db })
  t.teardown(() => app.close())
  const user = await credentialFor(app, { kind: 'equipment_user', region: '330106', role: 'operator' })
  const notes = async () =>
    Number((await db.client.query<{ n: number }>('SELECT count(*)::int AS n FROM example_notes')).rows[0]?.n)
  const goodNote = { organisationId: user.organisationId, region: '330106', text: 'valve checked' }
  const post = (payload: unknown, headers: Record<string, string> = {}) =>
    app.inject({
      method: 'POST',
      url: '/example/notes',
      headers: { ...user.headers, ...headers },
      payload: payload as string,
    })

  t.test('bad input is a 4xx problem naming the field, and nothing is written', async (t) => {
    const before = await notes()
    const json = { 'content-type': 'application/json' }
    const table: { name: string; status: number; type: string; field?: RegExp; send: () => ReturnType<typeof post> }[] =
      [
        {
          name: 'malformed JSON',
          status: 400,
          type: 'malformed-body',
          field: /\(body\)/,
          send: () => post('{"organisationId": ', json),
        },
        { name: 'empty JSON body', status: 400, type: 'malformed-body', send: () => post('', json) },
        { name: 'JSON array instead of object', status: 400, type: 'validation-failed', send: () => post('[]', json) },
        {
          name: 'oversized body',
          status: 413,
          type: 'payload-too-large',
          send: () => post({ ...goodNote, text: 'x'.repeat(70 * 1024) }),
        },
        {
          name: 'wrong content type',
          status: 415,
          type: 'unsupported-media-type',
          send: () => post('text', { 'content-type': 'text/csv' }),
        },
        {
          name: 'wrong type',
          status: 400,
          type: 'validation-failed',
          field: /^text$/,
          send: () => post({ ...goodNote, text: 42 }),
        },
        {
          name: 'missing field',
          status: 400,
          type: 'validation-failed',
          field: /^region$/,
          send: () => post({ ...goodNote, region: undefined }),
        },
        {
          name: 'bad region code',
          status: 400,
          type: 'validation-failed',
          field: /^region$/,
          send: () => post({ ...goodNote, region: '3301' }),
        },
        {
          name: 'unknown field',
          status: 400,
          type: 'validation-failed',
          field: /^isAdmin$/,
          send: () => post({ ...goodNote, isAdmin: true }),
        },
        {
          name: 'bad date',
          status: 400,
          type: 'validation-failed',
          field: /^occurredAt$/,
          send: () => post({ ...goodNote, occurredAt: 'yesterday' }),
        },
        {
          name: 'too long',
          status: 400,
          type: 'validation-failed',
          field: /^text$/,
          send: () => post({ ...goodNote, text: 'y'.repeat(201) }),
        },
        {
          name: 'bad query string',
          status: 400,
          type: 'validation-failed',
          field: /^limit$/,
          send: () => app.inject({ method: 'GET', url: '/example/notes?limit=many', headers: user.headers }),
        },
        {
          name: 'unknown query parameter',
          status: 400,
          type: 'validation-failed',
          field: /^sort$/,
          send: () => app.inject({ method: 'GET', url: '/example/notes?sort=desc', headers: user.headers }),
        },
        {
          name: 'out-of-range query value',
          status: 400,
          type: 'validation-failed',
          field: /^limit$/,
          send: () => app.inject({ method: 'GET', url: '/example/notes?limit=100000', headers: user.headers }),
        },
        {
          name: 'bad Idempotency-Key',
          status: 400,
          type: 'validation-failed',
          field: /Idempotency-Key/,
          send: () => post(goodNote, { 'idempotency-key': 'x'.repeat(300) }),
        },
      ]
    for (const row of table) {
      const res = await row.send()
      t.equal(res.statusCode, row.status, `${row.name}: status`)
      t.match(res.headers['content-type'], /^application\/problem\+json/, `${row.name}: problem+json`)
      const body = res.json()
      t.equal(body.type, `urn:gsr:problem:${row.type}`, `${row.name}: type`)
      t.equal(body.status, row.status)
      t.type(body.title, 'string')
      if (row.field) {
        t.ok(
          body.errors?.some((e: { field: string }) => row.field?.test(e.field)),
          `${row.name}: names the field (${JSON.stringify(body.errors)})`,
        )
      }
    }
    t.equal(await notes(), before, 'no note written by any bad request')
  })

  t.test('problems are localised by Accept-Language', async (t) => {
    const zh = await post({ ...goodNote, region: 'abc' }, { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.5' })
    t.equal(zh.json().title, '请求参数无效')
    t.equal(zh.headers['content-language'], 'zh-CN')
    const zhType = await post({ ...goodNote, text: 5 }, { 'accept-language': 'zh' })
    t.match(zhType.json().errors[0].message, /[\u4e00-\u9fff]/, 'zod messages in Chinese too')
    const en = await post({ ...goodNote, region: 'abc' }, { 'accept-language': 'en-GB' })
    t.equal(en.json().title, 'Invalid request')
    const unauth = await app.inject({ method: 'GET', url: '/example/notes', headers: { 'accept-language': 'zh-CN' } })
    t.equal(unauth.json().title, '需要身份认证')
  })

  t.test('domain errors, conflicts and crashes map to stable types without internals', async (t) => {
    const rule = await post({ ...goodNote, text: 'a forbidden word' })
    t.equal(rule.statusCode, 422)
    t.same(rule.json().errors, [{ field: 'text', message: 'no forbidden words' }])
    t.equal(rule.json().detail, 'no forbidden words')
    t.equal(rule.json().type, 'urn:gsr:problem:note-forbidden-word')
    const chinese = await post({ ...goodNote, text: 'a forbidden word' }, { 'accept-language': 'zh-CN,zh;q=0.9' })
    t.match(
      chinese.json(),
      {
        type: 'urn:gsr:problem:note-forbidden-word',
        detail: '不得包含禁用词',
        errors: [{ field: 'text', message: '不得包含禁用词' }],
      },
      "the refusal's detail and field message follow Accept-Language",
    )

    const unregistered = await app.inject({ method: 'POST', url: '/failing/unregistered-rule', headers: user.headers })
    t.equal(unregistered.statusCode, 422, 'a DomainError code no module registered is still a 422')
    t.equal(unregistered.json().type, 'urn:gsr:problem:some-unlisted-rule')
    t.equal(unregistered.json().title, 'Refused by a business rule')

    const conflict = await app.inject({ method: 'POST', url: '/failing/conflict', headers: user.headers })
    t.equal(conflict.statusCode, 409)
    t.equal(conflict.json().type, 'urn:gsr:problem:concurrent-modification')

    const crash = await app.inject({ method: 'POST', url: '/failing/crash', headers: user.headers, payload: {} })
    t.equal(crash.statusCode, 500)
    t.same(Object.keys(crash.json()).sort(), ['instance', 'status', 'title', 'type'])
    t.notMatch(crash.body, /secret_table|SELECT|at .*\.ts/, 'no SQL, no stack')

    const missing = await app.inject({ method: 'GET', url: '/no/such/route', headers: user.headers })
    t.equal(missing.statusCode, 404)
    t.equal(missing.json().type, 'urn:gsr:problem:not-found')
  })

  t.test('Idempotency-Key: a retry replays the first reply and records once', async (t) => {
    const before = await notes()
    const key = { 'idempotency-key': 'retry-1' }
    const first = await post(goodNote, key)
    t.equal(first.statusCode, 201)
    const again = await post(
      { text: goodNote.text, region: goodNote.region, organisationId: goodNote.organisationId },
      key,
    )
    t.equal(again.statusCode, 201, 'same status')
    t.equal(again.body, first.body, 'same body (key order in the request does not matter)')
    t.equal(again.headers['idempotent-replayed'], 'true')
    t.equal(await notes(), before + 1, 'recorded once')

    const different = await post({ ...goodNote, text: 'something else' }, key)
    t.equal(different.statusCode, 422)
    t.equal(different.json().type, 'urn:gsr:problem:idempotency-key-reused')
    t.equal(await notes(), before + 1)

    const other = await credentialFor(app, { kind: 'equipment_user', region: '330106' })
    const otherOrg = await app.inject({
      method: 'POST',
      url: '/example/notes',
      headers: { ...other.headers, ...key },
      payload: { ...goodNote, organisationId: other.organisationId },
    })
    t.equal(otherOrg.statusCode, 201, 'keys are scoped per organisation')
    t.not(otherOrg.body, first.body)

    const stored = await db.client.query('SELECT status FROM kit_idempotency WHERE key = $1', ['retry-1'])
    t.equal(stored.rows.length, 2, 'stored durably, one row per organisation')
  })

  t.test('Idempotency-Key: records older than the window are purged, newer ones kept', async (t) => {
    await post(goodNote, { 'idempotency-key': 'old-1' })
    await db.client.query(`UPDATE kit_idempotency SET created_at = now() - interval '25 hours' WHERE key = 'old-1'`)
    t.equal(await purgeIdempotencyRecords(db.client, 24), 1)
    const left = await db.client.query(`SELECT key FROM kit_idempotency WHERE key IN ('old-1', 'retry-1')`)
    t.same(
      left.rows.map((r) => r.key),
      ['retry-1', 'retry-1'],
    )
  })

  t.test('Idempotency-Key: concurrent duplicates record once and all get the same reply', async (t) => {
    const before = await notes()
    const replies = await Promise.all(
      Array.from({ length: 8 }, () => post({ ...goodNote, text: 'concurrent' }, { 'idempotency-key': 'burst-1' })),
    )
    t.same(new Set(replies.map((r) => r.statusCode)), new Set([201]))
    t.equal(new Set(replies.map((r) => r.body)).size, 1)
    t.equal(await notes(), before + 1)
  })

  t.test('Idempotency-Key: a server error is not kept, the retry runs again', async (t) => {
    flakyCalls = 0
    const key = { 'idempotency-key': 'flaky-1' }
    const first = await app.inject({ method: 'POST', url: '/failing/flaky', headers: { ...user.headers, ...key } })
    t.equal(first.statusCode, 500)
    const second = await app.inject({ method: 'POST', url: '/failing/flaky', headers: { ...user.headers, ...key } })
    t.equal(second.statusCode, 201)
    const third = await app.inject({ method: 'POST', url: '/failing/flaky', headers: { ...user.headers, ...key } })
    t.equal(third.body, second.body)
    t.equal(third.headers['idempotent-replayed'], 'true')
  })

  t.test('scope: own organisation and own region only', async (t) => {
    const foreign = await post({ ...goodNote, organisationId: 'someone-else' })
    t.equal(foreign.statusCode, 403)
    t.equal(foreign.json().type, 'urn:gsr:problem:forbidden')
    const otherRegion = await post({ ...goodNote, region: '440305' })
    t.equal(otherRegion.statusCode, 403)
    const subRegion = await credentialFor(app, { kind: 'equipment_user', region: '330100' })
    const below = await app.inject({
      method: 'POST',
      url: '/example/notes',
      headers: subRegion.headers,
      payload: { ...goodNote, organisationId: subRegion.organisationId },
    })
    t.equal(below.statusCode, 201, 'a city organisation acts in its counties')
  })

  t.test('operations: health, readiness, metrics, docs, headers', async (t) => {
    const health = await app.inject({ method: 'GET', url: '/health' })
    t.equal(health.statusCode, 200)
    t.same(health.json(), { status: 'ok' })
    t.equal(health.headers['x-content-type-options'], 'nosniff', 'helmet headers')
    t.ok(health.headers['x-request-id'])
    const traced = await app.inject({ method: 'GET', url: '/health', headers: { 'x-request-id': 'trace-42' } })
    t.equal(traced.headers['x-request-id'], 'trace-42')

    const ready = await app.inject({ method: 'GET', url: '/ready' })
    t.equal(ready.statusCode, 200)
    t.same(
      ready.json().checks.map((c: { name: string }) => c.name),
      ['database', 'event_store', 'projection_lag', 'projection_failures', 'projection_quarantine'],
    )

    const metrics = await app.inject({ method: 'GET', url: '/metrics' })
    t.equal(metrics.statusCode, 200)
    t.match(metrics.body, /http_request_duration_seconds_bucket\{[^}]*route="\/example\/notes"/)
    t.match(metrics.body, /eventstore_append_duration_seconds/)

    t.match(health.headers['content-security-policy'], /default-src 'none'/)
    const docs = await app.inject({ method: 'GET', url: '/docs' })
    t.equal(docs.statusCode, 200)
    t.match(docs.body, /swagger/i)
    t.match(docs.headers['content-security-policy'], /script-src 'self'/, 'the docs page gets a CSP that lets it run')
    const spec = (await app.inject({ method: 'GET', url: '/openapi.json' })).json()
    t.equal(spec.openapi, '3.1.0')
    const route = spec.paths['/example/notes'].post
    t.ok(route.requestBody.content['application/json'].schema, 'body schema from zod')
    t.ok(route.requestBody.content['application/json'].example, 'with examples')
    t.equal(route.requestBody.content['application/json'].schema.additionalProperties, false, 'strict')
    t.ok(route.responses['201'], 'responses documented')
    t.ok(route.responses['422'].content['application/problem+json'], 'errors documented as problem+json')
    t.equal(route.responses['401'].description, 'Authentication required')
  })

  t.test(
    'readiness fails when a check fails, a projection lags, keeps failing or has quarantined events',
    async (t) => {
      const lag = (name: string, eventsBehind: number, consecutiveFailures: number, quarantinedEvents: number) => ({
        name,
        position: { commit: 1, prepare: 1 },
        headPosition: { commit: 9, prepare: 9 },
        eventsBehind,
        eventsBehindIsLowerBound: false,
        secondsBehind: 0,
        eventsHeldBack: 0,
        lastRecordedAt: undefined,
        status: 'live' as const,
        consecutiveFailures,
        ...(consecutiveFailures ? { lastError: 'connection refused' } : {}),
        quarantinedEvents,
      })
      const lagging = await createTestApp([], {
        db,
        config: { projectionFailureThreshold: 3 },
        projections: {
          lag: async () => [lag('registry', 5000, 0, 0), lag('fills', 0, 4, 0), lag('violations', 0, 3, 2)],
          quarantined: async () => [],
          retryQuarantined: async () => {
            throw new Error('not used')
          },
        },
        readinessChecks: [{ name: 'esdb', check: async () => ({ ok: false, detail: 'unreachable' }) }],
      })
      t.teardown(() => lagging.close())
      const ready = await lagging.inject({ method: 'GET', url: '/ready' })
      t.equal(ready.statusCode, 503)
      const failing = ready.json().checks.filter((c: { ok: boolean }) => !c.ok)
      t.same(failing, [
        { name: 'projection_lag', ok: false, detail: 'registry is 5000 events behind' },
        { name: 'projection_failures', ok: false, detail: 'fills failed 4 times in a row: connection refused' },
        { name: 'projection_quarantine', ok: false, detail: 'violations has 2 quarantined event(s)' },
        { name: 'esdb', ok: false, detail: 'unreachable' },
      ])
      const metrics = await lagging.inject({ method: 'GET', url: '/metrics' })
      t.match(metrics.body, /projection_lag_events\{projection="registry"\} 5000/)
      t.match(metrics.body, /gsr_projection_quarantined_events\{projection="violations"\} 2/)
      t.match(metrics.body, /gsr_projection_consecutive_failures\{projection="fills"\} 4/)
    },
  )

  t.test('rate limit per credential', async (t) => {
    const limited = await createTestApp([exampleModule], { db, config: { rateLimitPerMinute: 3 } })
    t.teardown(() => limited.close())
    const a = await credentialFor(limited, { kind: 'equipment_user' })
    const b = await credentialFor(limited, { kind: 'equipment_user' })
    const statuses = []
    for (let i = 0; i < 4; i++) {
      statuses.push((await limited.inject({ method: 'GET', url: '/example/notes', headers: a.headers })).statusCode)
    }
    t.same(statuses, [200, 200, 200, 429])
    const limitedReply = await limited.inject({ method: 'GET', url: '/example/notes', headers: a.headers })
    t.equal(limitedReply.json().type, 'urn:gsr:problem:rate-limited')
    t.ok(Number(limitedReply.headers['retry-after']) > 0, 'says when to retry')
    t.equal(
      (await limited.inject({ method: 'GET', url: '/example/notes', headers: b.headers })).statusCode,
      200,
      'another credential has its own budget',
    )
    t.equal((await limited.inject({ method: 'GET', url: '/health' })).statusCode, 200)
  })
})
