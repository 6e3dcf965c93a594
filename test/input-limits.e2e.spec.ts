import t, { type Test } from 'tap'
import { forEachDatabase } from '@gsr/db/testing'
import { waitUntilReadable } from '@gsr/event-store/testing'
import { fixedClock } from '@gsr/domain'
import { credentialFor } from '@gsr/http-kit/testing'
import { systemOnTestDatabase } from './systemOnTestDatabase.ts'

/**
 * Issue 14, inputs: what PostgreSQL cannot store (NUL, lone surrogates) and what is too big
 * (arrays, path parameters, X-Correlation-Id) is refused at the edge with a 400/414
 * problem+json naming the field, on real routes, and nothing is written. Before, a NUL or a
 * lone surrogate reached the database and answered 500, 100,000 inspectors were accepted into
 * an event, a long path parameter got fastify's bare 414, and any X-Correlation-Id went into
 * the immutable metadata.
 */

const clock = fixedClock('2026-06-01T02:00:00Z')

forEachDatabase(t, async (t, db) => {
  const system = await systemOnTestDatabase(t, db, clock)
  const app = system.app
  const user = await credentialFor(app, { kind: 'equipment_user', region: '330106' })
  const agency = await credentialFor(app, {
    kind: 'inspection_agency',
    region: '330100',
    accreditedRegions: ['330100'],
  })
  const enforcement = await credentialFor(app, { kind: 'enforcement', region: '330100' })
  const events = async () =>
    Number((await db.client.query<{ n: string }>('SELECT count(*)::text AS n FROM es_events')).rows[0]?.n)

  const equipment = {
    category: 'elevator',
    region: '330106',
    location: 'No. 1 Wenyi Rd',
    putIntoServiceDate: '2026-01-10',
  }
  /** The body as raw JSON text, so `\ud800` reaches the server as the escape a client sends. */
  const rawEquipment = (code: string, location: string) =>
    `{"registrationCode":"${code}","category":"elevator","region":"330106","location":"${location}","putIntoServiceDate":"2026-01-10"}`
  const post = (url: string, who: { headers: Record<string, string> }, payload: unknown, headers = {}) =>
    app.inject({
      method: 'POST',
      url,
      headers: { ...who.headers, 'content-type': 'application/json', ...headers },
      payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
    })
  const refused = (
    t: Test,
    res: Awaited<ReturnType<typeof app.inject>>,
    status: number,
    field: string,
    where: string,
  ) => {
    t.equal(res.statusCode, status, `${status} (${res.body.slice(0, 300)})`)
    t.match(res.headers['content-type'], /^application\/problem\+json/, 'problem+json')
    const errors = (res.json() as { errors?: { field: string; in?: string; message: string }[] }).errors ?? []
    t.ok(
      errors.some((e) => e.field === field && e.in === where),
      `errors name ${where} field ${field}: ${JSON.stringify(errors)}`,
    )
    return errors
  }

  await post('/equipment', user, { ...equipment, registrationCode: 'EL-1' }).then((res) => {
    if (res.statusCode !== 201) throw new Error(`seed: ${res.statusCode} ${res.body}`)
  })

  t.test('a NUL byte in a body field: 400 naming the field, in English and Chinese, nothing written', async (t) => {
    const before = await events()
    const res = await post('/equipment', user, rawEquipment('EL-NUL', 'Room\\u00001'))
    const [error] = refused(t, res, 400, 'location', 'body')
    t.equal(res.json().type, 'urn:gsr:problem:validation-failed')
    t.match(error?.message, /NUL/)
    const zh = await post('/equipment', user, rawEquipment('EL-NUL', 'Room\\u00001'), { 'accept-language': 'zh-CN' })
    t.match(zh.json().errors[0].message, /空字符/, 'the message in Chinese')
    t.equal(await events(), before, 'nothing written')
  })

  t.test('a lone surrogate in a body field: 400 naming the field, nothing written', async (t) => {
    const before = await events()
    const res = await post('/equipment', user, rawEquipment('EL-SUR', 'Room \\ud800 1'))
    const [error] = refused(t, res, 400, 'location', 'body')
    t.match(error?.message, /surrogate/)
    // A well-formed pair (an emoji) is fine.
    const pair = await post('/equipment', user, rawEquipment('EL-EMOJI', 'Room \\ud83d\\ude00 1'))
    t.equal(pair.statusCode, 201, `a surrogate pair is accepted: ${pair.body.slice(0, 200)}`)
    t.equal(await events(), before + 2, 'only the good one written: its code claimed, then registered')
  })

  t.test('deep fields, object keys, query strings and path parameters are checked too', async (t) => {
    const inspection = {
      kind: 'periodic',
      conclusion: 'pass',
      reportNumber: 'R-1',
      inspectors: ['Li Si', 'Wang\u0000Wu'],
      inspectionDate: '2026-05-20',
    }
    refused(t, await post('/equipment/EL-1/inspection-results', agency, inspection), 400, 'inspectors.1', 'body')
    refused(
      t,
      await post('/pipelines/GP-1/in-use-records', user, '{"region":"330106","record":{"na\\ud800me":"x"}}'),
      400,
      'record.na\ud800me',
      'body',
    )
    const query = await app.inject({
      method: 'GET',
      url: '/enforcement/violations?organisationId=org%00x',
      headers: enforcement.headers,
    })
    refused(t, query, 400, 'organisationId', 'querystring')
    const param = await app.inject({
      method: 'GET',
      url: '/enforcement/violations/a%00b',
      headers: enforcement.headers,
    })
    refused(t, param, 400, 'id', 'params')
  })

  t.test('100,000 inspectors: 400 naming the array, nothing written', async (t) => {
    const before = await events()
    const inspectors = Array.from({ length: 100_000 }, (_, i) => `I${i}`)
    const res = await post('/equipment/EL-1/inspection-results', agency, {
      kind: 'periodic',
      conclusion: 'pass',
      reportNumber: 'R-BIG',
      inspectors,
      inspectionDate: '2026-05-20',
    })
    refused(t, res, 400, 'inspectors', 'body')
    t.equal(await events(), before, 'nothing written')
  })

  t.test('a body with many bad entries answers with at most 20 field errors', async (t) => {
    const manyKeys = Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`unknown${i}`, 1]))
    const unknown = await post('/equipment', user, { ...equipment, registrationCode: 'EL-KEYS', ...manyKeys })
    t.equal(unknown.statusCode, 400)
    t.ok(unknown.body.length < 4000, `unknown keys named, not all 1000 of them (${unknown.body.length} bytes)`)
    t.match(unknown.json().errors[0].field, /… \(1000 in all\)$/)
    const badItems = await post('/equipment/EL-1/inspection-results', agency, {
      kind: 'periodic',
      conclusion: 'pass',
      reportNumber: 'R-BAD',
      inspectors: Array.from({ length: 20 }, () => 7),
      inspectionDate: '2026-05-20',
      safetyGrade: 'x',
    })
    t.equal(badItems.statusCode, 400)
    t.equal(badItems.json().errors.length, 20, 'the first 20 of 21 errors')
  })

  t.test('path parameters: over the schema bound 400, over the router limit 414, both problem+json', async (t) => {
    const long = await app.inject({ method: 'GET', url: `/equipment/${'A'.repeat(101)}`, headers: user.headers })
    refused(t, long, 400, 'code', 'params')
    const huge = await app.inject({ method: 'GET', url: `/equipment/${'A'.repeat(301)}`, headers: user.headers })
    refused(t, huge, 414, '(path)', 'params')
    t.equal(huge.json().type, 'urn:gsr:problem:uri-too-long')
    t.match(huge.headers['content-security-policy'], /default-src 'none'/, 'security headers')
    t.equal(huge.headers['x-content-type-options'], 'nosniff')
    t.ok(huge.headers['x-request-id'], 'a request id')
    const badEncoding = await app.inject({ method: 'GET', url: '/equipment/%E0%A4%A', headers: user.headers })
    t.equal(badEncoding.statusCode, 400, 'bad percent-encoding: 400')
    t.match(badEncoding.headers['content-type'], /^application\/problem\+json/)
    t.equal(badEncoding.headers['x-content-type-options'], 'nosniff')
  })

  t.test('the longest violation id (a finding id of 64 characters) is within the path limit', async (t) => {
    const findingId = 'F'.repeat(64)
    const res = await post('/field-findings/equipment-in-use', enforcement, {
      findingId,
      region: '330106',
      location: 'boiler room',
      foundOn: '2026-05-30',
      category: 'boiler',
      usingOrganisationId: user.organisationId,
    })
    t.equal(res.statusCode, 201, res.body.slice(0, 200))
    await waitUntilReadable(db.client)
    await system.runner?.catchUp({ maxAttempts: 2 })
    const list = await app.inject({ method: 'GET', url: '/enforcement/violations', headers: enforcement.headers })
    const id = (list.json() as { items: { id: string }[] }).items.map((v) => v.id).find((v) => v.endsWith(findingId))
    t.ok(id && id.length > 100, `a violation id longer than fastify's default 100: ${id?.length}`)
    const one = await app.inject({
      method: 'GET',
      url: `/enforcement/violations/${encodeURIComponent(id ?? '')}`,
      headers: enforcement.headers,
    })
    t.equal(one.statusCode, 200, one.body.slice(0, 200))
  })

  t.test('X-Correlation-Id: 1-128 visible ASCII recorded as given, anything else refused', async (t) => {
    const before = await events()
    for (const [why, value] of [
      ['1000 characters', 'c'.repeat(1000)],
      ['a space', 'a b'],
      ['non-ASCII', 'trace-\u00e9'],
    ] as const) {
      const res = await app.inject({
        method: 'POST',
        url: '/equipment',
        headers: { ...user.headers, 'x-correlation-id': value },
        payload: { ...equipment, registrationCode: `EL-C-${why.length}` },
      })
      t.test(why, async (t) => void refused(t, res, 400, 'x-correlation-id', 'headers'))
    }
    t.equal(await events(), before, 'nothing written')
    const good = 'corr-' + 'x'.repeat(123)
    const res = await app.inject({
      method: 'POST',
      url: '/equipment',
      headers: { ...user.headers, 'x-correlation-id': good },
      payload: { ...equipment, registrationCode: 'EL-CORR' },
    })
    t.equal(res.statusCode, 201, res.body.slice(0, 200))
    const { rows } = await db.client.query<{ correlation: string }>(
      `SELECT metadata->>'correlationId' AS correlation FROM es_events WHERE stream_name = 'equipment-EL-CORR'`,
    )
    t.equal(rows[0]?.correlation, good, 'a valid id is recorded as given')
  })
})
