import t, { type Test } from 'tap'
import { adminService } from '@gsr/admin-service'
import { cylindersService } from '@gsr/cylinders-service'
import { forEachDatabase } from '@gsr/db/testing'
import { fixedClock } from '@gsr/domain'
import { operatorCertificateRules } from '@gsr/domain/cylinders'
import { createTestApp, credentialFor, type TestCredential } from '@gsr/http-kit/testing'

/**
 * `operatorCertificateRules` an administrator publishes (issue 16), over HTTP on both databases:
 * a version with a 5-year term, effective from a later day. A certificate term starting before
 * that day is judged by the code version (4 years), from it by the published one, issue and
 * renewal (复审) alike; the events cite the version (`ruleVersion`, set by the server, never
 * taken from the request). The refusals record nothing.
 */
forEachDatabase(t, async (t, db) => {
  // 2026-06-01, 10:00 China time.
  const clock = fixedClock('2026-06-01T02:00:00Z')
  const app = await createTestApp([adminService, cylindersService], { db, clock })
  t.teardown(() => app.close())
  const admin = await credentialFor(app, { kind: 'administrator' })
  const bureau = await credentialFor(app, { kind: 'enforcement', region: '330106' })
  const post = (as: TestCredential, url: string, payload: object) =>
    app.inject({ method: 'POST', url, headers: as.headers, payload })
  const stream = async (name: string) =>
    (await app.kit.eventStore.readStream(name)) as { data: { ruleVersion?: string } }[]
  const url = '/admin/rule-tables/operatorCertificateRules/versions'
  const tableStream = 'rule-table-operatorCertificateRules'
  const codeVersion = operatorCertificateRules.versions[0]!
  const v2026 = {
    version: '2026.2',
    effectiveFrom: '2026-07-01',
    rules: { ...codeVersion.rules, validityYears: 5 },
    citation: 'TSG Z6001 (a revision, for the test)',
  }
  const certificate = (personId: string, validFrom: string, validUntil: string) => ({
    personId,
    name: personId,
    certificateNo: `P-${personId}`,
    categories: ['P'],
    validFrom,
    validUntil,
  })

  t.test('refusals: not an administrator 403, rules not of the table’s shape 400 naming the field', async (t) => {
    const refused = async (t: Test, as: TestCredential, payload: object, status: number, field?: string) => {
      const res = await post(as, url, payload)
      t.equal(res.statusCode, status, res.body)
      t.match(res.headers['content-type'], /application\/problem\+json/)
      if (field) {
        t.ok(
          (res.json().errors as { field: string }[]).some((e) => e.field === field),
          `names ${field}: ${res.body}`,
        )
      }
      t.equal((await stream(tableStream)).length, 0, 'nothing recorded')
    }
    await refused(t, bureau, v2026, 403)
    await refused(t, admin, { ...v2026, rules: { ...v2026.rules, validityYears: 0 } }, 400, 'rules.validityYears')
    await refused(t, admin, { ...v2026, rules: { ...v2026.rules, validityYears: '5' } }, 400, 'rules.validityYears')
    const { validityYears: _omitted, ...withoutYears } = v2026.rules
    await refused(t, admin, { ...v2026, rules: withoutYears }, 400, 'rules.validityYears')
    await refused(t, admin, { ...v2026, rules: { ...v2026.rules, extra: 1 } }, 400)
  })

  t.test('a term from the effective day runs 5 years; before it, 4; the events cite the version', async (t) => {
    const published = await post(admin, url, v2026)
    t.equal(published.statusCode, 201, published.body)
    t.equal((await stream(tableStream)).length, 1)

    // Today (before the effective day), a 4-year term: the code version.
    const today = await post(bureau, '/operators/certificates', certificate('op-today', '2026-06-01', '2030-05-31'))
    t.equal(today.statusCode, 201, today.body)
    t.match(today.json().events[0].data, { ruleVersion: codeVersion.version })

    clock.set('2026-08-20T02:00:00Z')
    const beyond = await post(bureau, '/operators/certificates', certificate('op-before', '2026-06-20', '2031-06-20'))
    t.equal(beyond.statusCode, 422, 'starting before the day: 5 years refused')
    t.equal(beyond.json().type, 'urn:gsr:problem:validity-beyond-rule')
    t.match(beyond.json().errors, [{ field: 'validUntil' }])
    t.equal((await stream('operator-op-before')).length, 0, 'nothing recorded')

    const before = await post(bureau, '/operators/certificates', certificate('op-before', '2026-06-20', '2030-06-20'))
    t.equal(before.statusCode, 201, before.body)
    t.match(before.json().events[0].data, { ruleVersion: codeVersion.version }, 'the code version (4 years)')

    const after = await post(bureau, '/operators/certificates', certificate('op-after', '2026-07-05', '2031-07-05'))
    t.equal(after.statusCode, 201, after.body)
    t.match(after.json().events[0].data, { ruleVersion: '2026.2' }, 'from the day: 5 years (2026.2)')
    const stored = await stream('operator-op-after')
    t.equal(stored[0]!.data.ruleVersion, '2026.2', 'the stored fact keeps its version')

    // Renewal (复审) of the certificate issued today: its next term starts 2030-06-01, after the day.
    const renewed = await post(bureau, '/operators/op-today/certificates/P-op-today/renew', {
      renewedOn: '2026-08-20',
      validFrom: '2030-06-01',
      validUntil: '2035-05-31',
    })
    t.equal(renewed.statusCode, 201, renewed.body)
    t.match(renewed.json().events[0].data, { ruleVersion: '2026.2', validUntil: '2035-05-31' })
    const first = (await stream('operator-op-today'))[0]!
    t.equal(first.data.ruleVersion, codeVersion.version, 'the issue keeps the version it was judged by')

    // A register import decides the same way.
    const csv = [
      'personId,name,certificateNo,employerOrganisationId,categories,validFrom,validUntil,regionCode',
      'op-imp-before,Li,P-IMP-B,,P,2026-06-20,2031-06-20,',
      'op-imp-after,Wang,P-IMP-A,,P,2026-07-05,2031-07-05,',
    ].join('\n')
    const imported = await app.inject({
      method: 'POST',
      url: '/imports/operator-certificates',
      payload: csv,
      headers: { ...bureau.headers, 'content-type': 'text/csv' },
    })
    t.equal(imported.statusCode, 200, imported.body)
    t.match(imported.json(), { recorded: 1, rejected: 1, errors: [{ line: 2, field: 'validUntil' }] })
    t.equal((await stream('operator-op-imp-before')).length, 0)
    t.equal((await stream('operator-op-imp-after'))[0]?.data.ruleVersion, '2026.2')
  })

  t.test('ruleVersion is the server’s: a request naming it is refused and records nothing', async (t) => {
    const res = await post(bureau, '/operators/certificates', {
      ...certificate('op-forged', '2026-08-20', '2031-08-19'),
      ruleVersion: 'forged',
    })
    t.equal(res.statusCode, 400, res.body)
    t.equal((await stream('operator-op-forged')).length, 0)
    const renew = await post(bureau, '/operators/op-after/certificates/P-op-after/renew', {
      renewedOn: '2026-08-20',
      validUntil: '2036-07-05',
      ruleVersion: 'forged',
    })
    t.equal(renew.statusCode, 400, renew.body)
    t.equal((await stream('operator-op-after')).length, 1)
  })
})
