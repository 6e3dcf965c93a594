import t from 'tap'
import { adminService } from '@gsr/admin-service'
import { forEachDatabase } from '@gsr/db/testing'
import { fixedClock, ruleTables } from '@gsr/domain'
import { rectificationOrderRules } from '@gsr/domain/enforcement'
import { enforcementService } from '@gsr/enforcement-service'
import { identity } from '@gsr/http-kit'
import { catchUpProjections, createTestApp, credentialFor, type TestCredential, callsAs } from '@gsr/http-kit/testing'
import { appendVisibly, enforcementScenario } from '@gsr/read-models/testing'

/**
 * Rule tables an administrator publishes (issue 16 item 5) over HTTP on both databases: a
 * version of rectificationOrderRules published effective from a later day; an order issued
 * before that day still cites 2014.1 (and keeps citing it), one issued from that day cites the
 * new version and takes its term; the refusals, each recording nothing; the lists.
 */
forEachDatabase(t, async (t, db) => {
  const clock = fixedClock('2025-06-30T12:00:00+08:00')
  const app = await createTestApp([adminService, enforcementService], { db, clock })
  t.teardown(() => app.close())
  await appendVisibly(app.kit.eventStore, enforcementScenario('330106', 'a-'))
  await catchUpProjections(app)
  await identity.createOrganisation(db.client, {
    id: 'a-station-1',
    kind: 'filling_station',
    name: 'A',
    region: '330106',
  })

  const admin = await credentialFor(app, { kind: 'administrator' })
  const team = await credentialFor(app, { kind: 'enforcement', region: '330106', role: 'admin' })
  const station = await credentialFor(app, { kind: 'filling_station', organisationId: 'a-station-1' })
  const { get, post } = callsAs(app)
  const stream = async (name: string) => app.kit.eventStore.readStream(name)

  const violation = (await get(team, '/enforcement/violations?organisationId=a-station-1')).json().items[0]
  const issue = (orderId: string, issuedOn: string) =>
    post(team, '/enforcement/rectification-orders', {
      orderId,
      region: '330106',
      organisationId: 'a-station-1',
      problems: [{ source: 'violation', id: violation.id }],
      issuedOn,
    })
  const rules2014 = rectificationOrderRules.at('2020-01-01').rules
  const url = '/admin/rule-tables/rectificationOrderRules/versions'
  const v2025 = {
    version: '2025.2',
    effectiveFrom: '2025-07-10',
    rules: { ...rules2014, defaultDeadlineDays: 30 },
    citation: '《特种设备安全法》第八十三条；本局 2025 年第 2 号通知',
    reason: '整改期限延长至 30 日',
  }

  t.test('publish: an order before the effective day keeps 2014.1; from that day the new version', async (t) => {
    const before = await issue('RO-OLD', '2025-06-20')
    t.equal(before.statusCode, 201, before.body)
    t.match(before.json().events[0].data, { deadline: '2025-07-05', rule: { version: '2014.1' } })

    const key = { 'idempotency-key': 'publish-2025.2' }
    const published = await post(admin, url, v2025, key)
    t.equal(published.statusCode, 201, published.body)
    t.equal(published.json().streamName, 'rule-table-rectificationOrderRules')
    const retry = await post(admin, url, v2025, key)
    t.equal(retry.body, published.body, 'a retry gets the first answer')
    t.equal((await stream('rule-table-rectificationOrderRules')).length, 1, 'recorded once')

    const sameDay = await issue('RO-TODAY', '2025-06-30')
    t.match(sameDay.json().events[0].data.rule, { version: '2014.1' }, 'before the effective day: 2014.1')

    clock.set('2025-07-15T09:00:00+08:00')
    const after = await issue('RO-NEW', '2025-07-12')
    t.equal(after.statusCode, 201, after.body)
    t.match(after.json().events[0].data, { deadline: '2025-08-11', rule: { version: '2025.2' } }, '30 days, 2025.2')
    const late = await issue('RO-LATE', '2025-07-01')
    t.match(late.json().events[0].data.rule, { version: '2014.1' }, 'a fact dated before the day, recorded after')

    const [old] = await stream('rectification-order-RO-OLD')
    t.match(old!.data, { deadline: '2025-07-05', rule: { version: '2014.1' } }, 'the old fact is unchanged')
    await catchUpProjections(app)
    const view = await get(team, '/enforcement/rectification-orders/RO-OLD')
    t.match(view.json(), { deadline: '2025-07-05', rule: { version: '2014.1' } })
  })

  t.test('refusals name the field and record nothing', async (t) => {
    const refusals: [TestCredential, string, object, number, string?, string?][] = [
      [team, url, { ...v2025, version: '2025.9' }, 403],
      [station, url, { ...v2025, version: '2025.9' }, 403],
      [admin, '/admin/rule-tables/noSuchTable/versions', v2025, 404],
      [
        admin,
        url,
        {
          ...v2025,
          version: '2025.9',
          effectiveFrom: '2025-08-01',
          rules: { ...rules2014, maxDeadlineDays: 'ninety' },
        },
        400,
        'rules.maxDeadlineDays',
      ],
      [
        admin,
        url,
        { ...v2025, version: '2025.9', effectiveFrom: '2025-08-01', rules: { ...rules2014, legalBasis: {} } },
        400,
        'rules.legalBasis.equipment_unregistered_or_uninspected',
      ],
      [
        admin,
        url,
        { ...v2025, version: '2025.9', effectiveFrom: '2025-08-01', rules: { ...rules2014, defaultDeadlineDays: 100 } },
        400,
        'rules.defaultDeadlineDays',
      ],
      [admin, url, { ...v2025, version: '2025.9', effectiveFrom: '2025-08-01', citation: '' }, 400, 'citation'],
      [admin, url, { ...v2025, effectiveFrom: '2025-08-01' }, 409, 'version', 'rule-version-exists'],
      [admin, url, { ...v2025, version: '2014.1', effectiveFrom: '2025-08-01' }, 409, 'version', 'rule-version-exists'],
      // After the newest day (07-10) but before the record day (07-15): backdated.
      [
        admin,
        url,
        { ...v2025, version: '2025.9', effectiveFrom: '2025-07-14' },
        422,
        'effectiveFrom',
        'rule-version-backdated',
      ],
      [
        admin,
        url,
        { ...v2025, version: '2025.9', effectiveFrom: '2025-07-10' },
        422,
        'effectiveFrom',
        'rule-version-not-after-newest',
      ],
      [
        admin,
        url,
        { ...v2025, version: '2025.9', effectiveFrom: '2025-07-11', corrects: '2025.2' },
        422,
        'effectiveFrom',
        'correction-not-on-corrected-day',
      ],
      [
        admin,
        '/admin/rule-tables/dateWindow/versions',
        { ...v2025, rules: {} },
        422,
        'table',
        'rule-table-not-publishable',
      ],
    ]
    for (const [as, path, body, status, field, type] of refusals) {
      const res = await post(as, path, body)
      t.equal(res.statusCode, status, `${path.split('/')[3]} ${JSON.stringify(body).slice(0, 90)} → ${status}`)
      if (field) t.match(res.json().errors, [{ field }], field)
      if (type) t.equal(res.json().type, `urn:gsr:problem:${type}`)
    }
    t.equal((await stream('rule-table-rectificationOrderRules')).length, 1, 'nothing recorded by a refusal')
    t.equal((await stream('rule-table-dateWindow')).length, 0)

    // A correction of a past version: from its day, backdated by nature.
    const fix = await post(admin, url, {
      ...v2025,
      version: '2025.2a',
      corrects: '2025.2',
      effectiveFrom: '2025-07-10',
    })
    t.equal(fix.statusCode, 201, fix.body)
  })

  t.test('the lists: code and published versions, who published, the rules and citations', async (t) => {
    const list = await get(station, '/rule-tables')
    t.equal(list.statusCode, 200, list.body)
    const tables = list.json() as { name: string; publishable: boolean; versions: { version: string }[] }[]
    t.same(
      tables.map((x) => x.name),
      Object.keys(ruleTables),
      'every rule table in code',
    )
    t.match(
      tables.find((x) => x.name === 'rectificationOrderRules'),
      {
        publishable: true,
        versions: [
          { version: '2014.1', effectiveFrom: '2014-01-01', origin: 'code' },
          {
            version: '2025.2',
            origin: 'published',
            publishedBy: { organisationId: admin.organisationId },
            publishedAt: /\+08:00$/,
          },
          { version: '2025.2a', corrects: '2025.2', origin: 'published' },
        ],
      },
    )
    t.same(
      tables.filter((x) => x.publishable).map((x) => x.name),
      [
        'inspectionIntervals',
        'operatorCertificateRules',
        'registrationDeadline',
        'inspectionDueNotice',
        'pipelineInUseRequiredFields',
        'cylinderTypeRules',
        'rectificationOrderRules',
      ],
      'the publishable tables (the others are code only)',
    )
    t.match(
      tables.find((x) => x.name === 'periodicDeclarationDeadline'),
      { publishable: false },
    )
    const one = await get(team, '/rule-tables/rectificationOrderRules')
    t.equal(one.statusCode, 200, one.body)
    t.match(one.json().versions[1], {
      citation: v2025.citation,
      reason: v2025.reason,
      rules: { defaultDeadlineDays: 30 },
    })
    t.equal((await get(team, '/rule-tables/noSuchTable')).statusCode, 404)
    t.equal((await app.inject({ method: 'GET', url: '/rule-tables' })).statusCode, 401)
  })
})
