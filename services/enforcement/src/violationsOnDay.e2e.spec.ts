import { randomUUID } from 'node:crypto'
import t from 'tap'
import { forEachDatabase } from '@gsr/db/testing'
import { createPostgresEventStore } from '@gsr/event-store'
import { fixedClock } from '@gsr/domain'
import { identity } from '@gsr/http-kit'
import { catchUpProjections, createTestApp, credentialFor } from '@gsr/http-kit/testing'
import { appendVisibly, enforcementScenario } from '@gsr/read-models/testing'
import { enforcementService } from './enforcementService.ts'

// The scenario's two cures: finding F-1 (2025-05-01, unregistered EQ-9) cured by the
// registration of EQ-9 on 2025-05-10; EQ-1 overdue since 2025-05-02, cured by a pass on
// 2025-05-20. Both cures are logged today (recordedAt), long after their field days.
const finding = 'equipment_unregistered_or_uninspected:unregistered_in_use:finding:a-F-1'
const overdue = 'equipment_unregistered_or_uninspected:inspection_overdue:equipment:a-EQ-1@2025-05-01'

forEachDatabase(t, async (t, db) => {
  const eventStore = createPostgresEventStore(db.client)
  const app = await createTestApp([enforcementService], {
    db,
    eventStore,
    clock: fixedClock('2025-06-30T12:00:00+08:00'),
  })
  t.teardown(() => app.close())
  // An overdue subject whose id is not URL-safe as it is (slash, space, hash, Chinese).
  const oddSubject = '锅炉/1 #2'
  await appendVisibly(eventStore, [
    ...enforcementScenario('330106', 'a-'),
    [
      'equipment-odd',
      {
        id: randomUUID(),
        type: 'InspectionOverdue',
        data: {
          subjectKind: 'equipment',
          subjectId: oddSubject,
          organisationId: 'a-user-1',
          region: '330106',
          dueDate: '2025-05-01',
          overdueSince: '2025-05-02',
        },
        metadata: {
          actor: { organisationId: 'system', userId: 'scheduler', role: 'system' },
          occurredAt: '2025-05-02T00:00:00+08:00',
          schemaVersion: 1,
        },
      },
    ],
  ])
  await catchUpProjections(app)
  // The organisations the summaries are about, as the directory knows them (unregistered ones answer 404).
  for (const [id, kind] of [
    ['a-user-1', 'equipment_user'],
    ['a-user-9', 'equipment_user'],
    ['a-station-1', 'filling_station'],
  ] as const)
    await identity.createOrganisation(db.client, { id, kind, name: `${id} 单位`, region: '330106' })
  const team = await credentialFor(app, { kind: 'enforcement', region: '330106' })
  const get = (url: string) => app.inject({ method: 'GET', url, headers: team.headers })
  const list = async (query: string) =>
    (await get(`/enforcement/violations?limit=500&${query}`)).json().items as {
      id: string
      status: string
      resolvedOn: string | null
      resolvedByEventType: string | null
      resolvedByEventId: string | null
    }[]
  const byId = (items: Awaited<ReturnType<typeof list>>, id: string) => items.find((v) => v.id === id)

  t.test('without on=: today’s status, the resolution with its field day and curing event', async (t) => {
    const items = await list('')
    t.match(byId(items, finding), {
      status: 'resolved',
      resolvedOn: '2025-05-10',
      resolvedByEventType: 'EquipmentRegistered',
    })
    t.match(byId(items, overdue), {
      status: 'resolved',
      resolvedOn: '2025-05-20',
      resolvedByEventType: 'InspectionResultRecorded',
    })
  })

  t.test('on=D: a violation cured later is open on a day between, resolved from the cure’s field day', async (t) => {
    const before = await list('on=2025-04-30')
    t.notOk(byId(before, finding), 'not yet occurred on 2025-04-30')
    const between = await list('on=2025-05-05')
    t.match(byId(between, finding), { status: 'open', resolvedOn: null, resolvedByEventId: null })
    t.match(byId(between, overdue), { status: 'open', resolvedOn: null })
    const cureDay = await list('on=2025-05-10')
    t.match(byId(cureDay, finding), { status: 'resolved', resolvedOn: '2025-05-10' }, 'resolved on its field day')
    t.match(byId(cureDay, overdue), { status: 'open' })
    const openBetween = (await list('on=2025-05-15&status=open')).map((v) => v.id)
    t.notOk(openBetween.includes(finding))
    t.ok(openBetween.includes(overdue), 'status=open with on=: open on that day')
    t.ok((await list('on=2025-05-15&status=resolved')).some((v) => v.id === finding))
    t.notOk(
      (await list('status=open')).some((v) => v.id === overdue),
      'without on=, today’s status',
    )
  })

  t.test('the CSV and the organisation summary agree with the list on that day', async (t) => {
    for (const on of ['2025-05-05', '2025-05-15', '2025-06-30']) {
      const open = await list(`on=${on}&status=open`)
      const csv = await get(`/enforcement/violations.csv?on=${on}&status=open`)
      t.equal(csv.statusCode, 200)
      const lines = csv.body.slice(1).trimEnd().split('\r\n').slice(1)
      t.same(lines.map((l) => l.split(',')[0]).sort(), open.map((v) => v.id).sort(), `CSV of ${on}`)
      for (const organisation of ['a-user-1', 'a-user-9', 'a-station-1']) {
        const summary = (await get(`/enforcement/organisations/${organisation}/summary?on=${on}`)).json()
        const mine = (await list(`on=${on}&status=open&organisationId=${organisation}`)).length
        t.equal(summary.openViolations, mine, `${organisation} open on ${on}`)
      }
    }
    const user9 = (await get('/enforcement/organisations/a-user-9/summary?on=2025-05-05')).json()
    // The finding, cured by the late registration; the registration is no 1a of its own beside it
    // (one per equipment and unregistered period: lateRegistration.ts).
    t.equal(user9.openViolations, 1, 'open on a day before its cure')
    t.match(user9.byCategory, [{ category: 'equipment_unregistered_or_uninspected', open: 1, resolved: 0 }])
    const later = (await get('/enforcement/organisations/a-user-9/summary?on=2025-05-10')).json()
    t.equal(later.openViolations, 0)
    t.match(later.byCategory, [{ category: 'equipment_unregistered_or_uninspected', open: 0, resolved: 1 }])
  })

  t.test('violation ids are URL-safe: used in a path as they are', async (t) => {
    const items = await list('')
    t.ok(items.length > 0)
    for (const { id } of items) t.match(id, /^[A-Za-z0-9_.@~:-]+$/, id)
    const odd = items.find((v) =>
      v.id.startsWith('equipment_unregistered_or_uninspected:inspection_overdue:equipment:~'),
    )
    t.ok(odd, 'the odd subject got an escaped id')
    const one = await get(`/enforcement/violations/${odd!.id}`)
    t.equal(one.statusCode, 200)
    t.match(one.json(), { id: odd!.id, subjectId: `${oddSubject}@2025-05-01` })
    t.equal((await get(`/enforcement/violations/${odd!.id}/evidence`)).statusCode, 200)
  })

  t.test('on= must be a day', async (t) => {
    const bad = await get('/enforcement/violations?on=yesterday')
    t.equal(bad.statusCode, 400)
    t.match(bad.json().errors, [{ field: 'on' }])
  })
})
