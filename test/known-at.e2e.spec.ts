import { randomUUID } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import t from 'tap'
import { forEachDatabase } from '@gsr/db/testing'
import { systemClock } from '@gsr/domain'
import { equipmentEvent } from '@gsr/demo-city'
import { createPostgresEventStore, type NewEvent } from '@gsr/event-store'
import { identity } from '@gsr/http-kit'
import { catchUpProjections, createTestApp, credentialFor } from '@gsr/http-kit/testing'
import { enforcementService } from '@gsr/enforcement-service'
import { appendVisibly, enforcementScenario } from '@gsr/read-models/testing'

/**
 * Two time axes through HTTP: the rates and violations of a past field day as the log stood at
 * an instant (knownAt: only events recorded by then) and as it stands now, with the late facts
 * that make the difference. The app runs on the real clock: the log stamps recordedAt with it.
 */
const county = '330106'
/** The pipeline's county: none of the scenario's pipelines stand there. */
const pipelineCounty = '330105'
const at = (day: string) => `${day}T10:00:00+08:00`

const started: [string, NewEvent] = [
  'pipeline-KA-1',
  equipmentEvent(
    'PipelineConstructionStarted',
    {
      pipelineId: 'KA-1',
      region: pipelineCounty,
      organisationId: 'KA-utility',
      startedOn: '2025-03-01',
      source: 'found',
      reportedBy: 'KA-team',
    },
    { occurredAt: at('2025-03-01'), organisationId: 'KA-team', idName: 'KA-1-started' },
  ),
]
/** Notified before construction started, but only logged today (backdated). */
const backdatedNotification: [string, NewEvent] = [
  'pipeline-KA-1',
  equipmentEvent(
    'PipelineConstructionNotified',
    {
      pipelineId: 'KA-1',
      installerId: 'KA-installer',
      organisationId: 'KA-utility',
      region: pipelineCounty,
      name: 'KA gas main',
      location: 'Xihu',
      grade: 'GB1',
      plannedStartDate: '2025-03-01',
      notifiedOn: '2025-02-20',
    },
    { occurredAt: at('2025-02-20'), organisationId: 'KA-installer', idName: 'KA-1-notified' },
  ),
]

// The scenario's finding F-1 (2025-05-01, unregistered EQ-9) is cured by EQ-9's registration
// (field day 2025-05-10); here that registration is logged only after knownAt.
const finding = 'equipment_unregistered_or_uninspected:unregistered_in_use:finding:a-F-1'
const lateOverdue = 'equipment_unregistered_or_uninspected:inspection_overdue:equipment:a-EQ-LATE@2025-05-01'
const overdueLoggedLate: [string, NewEvent] = [
  'equipment-a-EQ-LATE',
  {
    id: randomUUID(),
    type: 'InspectionOverdue',
    data: {
      subjectKind: 'equipment',
      subjectId: 'a-EQ-LATE',
      organisationId: 'a-user-1',
      region: county,
      dueDate: '2025-05-01',
      overdueSince: '2025-05-02',
    },
    metadata: {
      actor: { organisationId: 'system', userId: 'scheduler', role: 'system' },
      occurredAt: '2025-05-02T00:00:00+08:00',
      schemaVersion: 1,
    },
  },
]

forEachDatabase(t, async (t, db) => {
  const eventStore = createPostgresEventStore(db.client)
  const app = await createTestApp([enforcementService], { db, eventStore, clock: systemClock })
  t.teardown(() => app.close())
  const scenario = enforcementScenario(county, 'a-')
  const isCure = ([stream, e]: [string, NewEvent]) => stream === 'equipment-a-EQ-9' && e.type === 'EquipmentRegistered'
  t.ok(scenario.some(isCure), 'the scenario has the cure this test logs late')
  await appendVisibly(eventStore, [...scenario.filter((e) => !isCure(e)), started])
  await catchUpProjections(app)
  // The instant of the report: after everything above was recorded, before the late facts.
  await sleep(20)
  const reportedAt = new Date().toISOString()
  await sleep(20)
  const cure = scenario.find(isCure)!
  await appendVisibly(eventStore, [backdatedNotification, cure, overdueLoggedLate])
  await catchUpProjections(app)

  // The organisation the summary is about, as the directory knows it.
  await identity.createOrganisation(db.client, {
    id: 'a-user-9',
    kind: 'equipment_user',
    name: 'a-user-9 使用单位',
    region: county,
  })
  const team = await credentialFor(app, { kind: 'enforcement', region: '330100' })
  const get = (url: string) => app.inject({ method: 'GET', url, headers: team.headers })
  const knownAt = encodeURIComponent(reportedAt)
  const notification = (body: { rates: { rate: string; numerator: number; denominator: number }[] }) =>
    body.rates.find((r) => r.rate === 'construction_notification')

  t.test('rates: a backdated notification changes a past day as now known, not as reported', async (t) => {
    const now = await get(`/enforcement/rates?region=${pipelineCounty}&on=2025-04-01`)
    t.equal(now.statusCode, 200)
    t.match(notification(now.json()), { numerator: 1, denominator: 1 }, 'as now known: notified before it started')
    t.notOk(now.json().asKnownNow, 'no comparison without knownAt')

    const reported = await get(`/enforcement/rates?region=${pipelineCounty}&on=2025-04-01&knownAt=${knownAt}`)
    t.equal(reported.statusCode, 200)
    const body = reported.json()
    t.equal(body.knownAt, reportedAt)
    t.match(
      notification(body),
      { numerator: 0, denominator: 1, shortfalls: [{ pipelineId: 'KA-1', reason: 'not_notified' }] },
      'as reported: not notified',
    )
    t.match(notification(body.asKnownNow), { numerator: 1, denominator: 1 })
    t.same(body.asKnownNow.changes, [
      {
        pipelineId: 'KA-1',
        region: pipelineCounty,
        organisationId: 'KA-utility',
        organisationName: null,
        changes: [
          {
            rate: 'construction_notification',
            asReported: { counted: false, shortfall: 'not_notified' },
            asKnownNow: { counted: true },
          },
        ],
        lateFacts: [
          {
            eventId: backdatedNotification[1].id,
            type: 'PipelineConstructionNotified',
            fieldDay: '2025-02-20',
            recordedAt: body.asKnownNow.changes[0].lateFacts[0].recordedAt,
          },
        ],
      },
    ])
    t.ok(body.asKnownNow.changes[0].lateFacts[0].recordedAt > reportedAt, 'recorded after the report')

    const upToNow = (
      await get(
        `/enforcement/rates?region=${pipelineCounty}&on=2025-04-01&knownAt=${encodeURIComponent(new Date().toISOString())}`,
      )
    ).json()
    t.match(notification(upToNow), { numerator: 1, denominator: 1 }, 'knownAt=now: the same as without')
    t.same(upToNow.asKnownNow.changes, [], 'nothing recorded since')

    const city = (await get(`/enforcement/rates?region=330100&on=2025-04-01&knownAt=${knownAt}`)).json()
    t.match(
      city.breakdown.find((b: { region: string }) => b.region === pipelineCounty).rates[0],
      {
        rate: 'construction_notification',
        numerator: 0,
      },
      'the breakdown is as reported too',
    )

    const csv = await get(`/enforcement/rates.csv?region=${pipelineCounty}&on=2025-04-01&knownAt=${knownAt}`)
    t.equal(csv.statusCode, 200)
    t.match(csv.body, /\r\n330105,2025-04-01,construction_notification,[^,]+,0,1,0\.0000\r\n/)
    t.match(csv.headers['content-disposition'], /rates-330105-2025-04-01-known-\d{8}T\d{9}Z\.csv/)
  })

  t.test('violations: established and cured as the log stood at knownAt', async (t) => {
    type Item = {
      id: string
      status: string
      resolvedOn: string | null
      curedSince?: { eventId: string; resolvedAt: string }
    }
    const list = async (query: string) =>
      (await get(`/enforcement/violations?limit=500&${query}`)).json().items as Item[]
    const byId = (items: Item[], id: string) => items.find((v) => v.id === id)
    const now = await list('on=2025-05-15')
    t.match(byId(now, finding), { status: 'resolved', resolvedOn: '2025-05-10' }, 'as now known: cured on 05-10')
    t.ok(byId(now, lateOverdue), 'as now known: the late overdue violation exists')
    const reported = await list(`on=2025-05-15&knownAt=${knownAt}`)
    t.match(byId(reported, finding), { status: 'open', resolvedOn: null }, 'as reported: the cure was not logged yet')
    t.match(
      byId(reported, finding)?.curedSince,
      { eventId: cure[1].id, eventType: 'EquipmentRegistered', resolvedOn: '2025-05-10' },
      'the late cure that changed it is named',
    )
    t.ok(byId(reported, finding)!.curedSince!.resolvedAt > reportedAt, 'recorded after the report')
    t.notOk(byId(now, finding)?.curedSince, 'no comparison without knownAt')
    t.notOk(
      byId(await list(`on=2025-05-05&knownAt=${knownAt}`), finding)?.curedSince,
      'on a day before the cure’s field day nothing changed',
    )
    t.notOk(byId(reported, lateOverdue), 'as reported: not yet established')
    t.ok(byId(await list(`status=open&knownAt=${knownAt}`), finding), 'status=open with knownAt alone')
    t.notOk(byId(await list(`status=resolved&knownAt=${knownAt}`), finding))
    t.ok(byId(await list('status=resolved'), finding))

    const csv = await get(`/enforcement/violations.csv?status=open&knownAt=${knownAt}`)
    t.match(csv.body, finding)
    t.notMatch(csv.body, lateOverdue)

    const summary = async (query: string) =>
      (await get(`/enforcement/organisations/a-user-9/summary?on=2025-05-15${query}`)).json() as Record<string, unknown>
    const nowSummary = await summary('')
    t.equal(nowSummary.openViolations, 0, `now: cured ${JSON.stringify(nowSummary)}`)
    const asReported = await summary(`&knownAt=${knownAt}`)
    t.equal(asReported.openViolations, 1, 'as reported: open')
    t.equal(asReported.knownAt, reportedAt)
  })

  t.test('knownAt must be an instant, not in the future, not before 2000', async (t) => {
    const future = encodeURIComponent(new Date(Date.now() + 3_600_000).toISOString())
    for (const url of [
      `/enforcement/rates?knownAt=${future}`,
      `/enforcement/rates.csv?knownAt=1999-12-31T12:00:00Z`,
      `/enforcement/violations?knownAt=${future}`,
      `/enforcement/violations.csv?knownAt=1999-06-01T00:00:00%2B08:00`,
      `/enforcement/organisations/a-user-9/summary?knownAt=${future}`,
      '/enforcement/rates?knownAt=2025-05-01',
    ]) {
      const res = await get(url)
      t.equal(res.statusCode, 400, url)
      t.match(res.json().errors, [{ field: 'knownAt' }], url)
    }
  })
})
