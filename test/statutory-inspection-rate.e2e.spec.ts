import t from 'tap'
import { forEachDatabase } from '@gsr/db/testing'
import { fixedClock } from '@gsr/domain'
import { equipmentEvent } from '@gsr/demo-city'
import { createPostgresEventStore, type NewEvent } from '@gsr/event-store'
import { identity } from '@gsr/http-kit'
import { catchUpProjections, createTestApp, credentialFor } from '@gsr/http-kit/testing'
import { enforcementService } from '@gsr/enforcement-service'
import { appendVisibly } from '@gsr/read-models/testing'

/**
 * The statutory inspection rate of gas pressure pipelines (法定检验率) through HTTP, in JSON and
 * in the rates CSV, with exact numbers on two days: new pipelines owe their installation
 * supervision inspection once in use, pipelines past a due date their periodic inspection.
 */
const at = (day: string) => `${day}T10:00:00+08:00`
const rule = { name: 'pipelineInUseRequiredFields', version: '1' }

function pipelineLog(county: string, p: string): [string, NewEvent][] {
  const stream = (id: string) => `pipeline-${p}${id}`
  const started = (id: string, startedOn: string): [string, NewEvent] => [
    stream(id),
    equipmentEvent(
      'PipelineConstructionStarted',
      {
        pipelineId: `${p}${id}`,
        region: county,
        organisationId: `${p}utility`,
        startedOn,
        source: 'found',
        reportedBy: `${p}team`,
      },
      { occurredAt: at(startedOn), organisationId: `${p}team`, idName: `${p}${id}-started` },
    ),
  ]
  const inUse = (id: string, recordedOn: string, nextInspectionDue: string): [string, NewEvent] => [
    stream(id),
    equipmentEvent(
      'PipelineInUseRecorded',
      {
        pipelineId: `${p}${id}`,
        organisationId: `${p}utility`,
        region: county,
        record: {},
        missingFields: [],
        complete: true,
        requiredFieldsRule: rule,
        recordedOn,
        nextInspectionDue,
      },
      { occurredAt: at(recordedOn), organisationId: `${p}utility`, idName: `${p}${id}-in-use` },
    ),
  ]
  const result = (
    id: string,
    kind: 'installation_supervision' | 'periodic',
    inspectionDate: string,
    nextDueDate: string,
  ): [string, NewEvent] => [
    stream(id),
    equipmentEvent(
      'InspectionResultRecorded',
      {
        subjectKind: 'pipeline',
        subjectId: `${p}${id}`,
        organisationId: `${p}utility`,
        region: county,
        agencyId: `${p}agency`,
        kind,
        conclusion: 'pass',
        reportNumber: `${p}${id}-${inspectionDate}`,
        inspectors: ['Li'],
        inspectionDate,
        nextDueDate,
      },
      { occurredAt: at(inspectionDate), organisationId: `${p}agency`, idName: `${p}${id}-${kind}` },
    ),
  ]
  return county === '330106'
    ? [
        // New, inspected before it was put into use.
        started('NEW-OK', '2025-01-10'),
        result('NEW-OK', 'installation_supervision', '2025-03-01', '2028-03-01'),
        inUse('NEW-OK', '2025-03-10', '2028-03-01'),
        // New, put into use on 2025-04-01 without its installation inspection.
        started('NEW-NO', '2025-01-10'),
        inUse('NEW-NO', '2025-04-01', '2028-04-01'),
        // In use since 2022, due 2025-02-28, inspected on 2025-02-20.
        inUse('OLD-OK', '2022-01-05', '2025-02-28'),
        result('OLD-OK', 'periodic', '2025-02-20', '2028-02-20'),
      ]
    : [
        // In use since 2022, due 2025-02-28, inspected late on 2025-05-15.
        inUse('OLD-LATE', '2022-01-05', '2025-02-28'),
        result('OLD-LATE', 'periodic', '2025-05-15', '2028-05-15'),
        // Under construction: owes nothing yet.
        started('BUILD', '2025-04-01'),
      ]
}

forEachDatabase(t, async (t, db) => {
  const eventStore = createPostgresEventStore(db.client)
  const app = await createTestApp([enforcementService], {
    db,
    eventStore,
    clock: fixedClock('2025-07-01T12:00:00+08:00'),
  })
  t.teardown(() => app.close())
  await appendVisibly(eventStore, [...pipelineLog('330106', 'a-'), ...pipelineLog('330108', 'b-')])
  await catchUpProjections(app)
  await identity.createOrganisation(db.client, {
    id: 'b-utility',
    kind: 'equipment_user',
    name: '滨江燃气',
    region: '330108',
  })
  const city = await credentialFor(app, { kind: 'enforcement', region: '330100' })
  const county = await credentialFor(app, { kind: 'enforcement', region: '330108' })
  const get = (url: string, headers: Record<string, string>) => app.inject({ method: 'GET', url, headers })
  const figure = (f: {
    numerator: number
    denominator: number
    byObligation: object
    shortfalls: { pipelineId: string; reason: string }[]
  }) => [f.numerator, f.denominator, f.byObligation, f.shortfalls.map((s) => `${s.pipelineId}:${s.reason}`)]

  t.test(
    '2025-03-31: the late periodic inspection is overdue; the second new pipeline is not in use yet',
    async (t) => {
      const res = await get('/enforcement/rates?region=330100&on=2025-03-31', city.headers)
      t.equal(res.statusCode, 200)
      const body = res.json()
      t.match(body.statutoryInspection, { label: { 'zh-CN': '燃气压力管道法定检验率' }, value: 2 / 3 })
      t.same(figure(body.statutoryInspection), [
        2,
        3,
        { installation: 1, periodic: 2 },
        ['b-OLD-LATE:periodic_overdue'],
      ])
      t.same(
        body.breakdown.map((b: { region: string; statutoryInspection: never }) => [
          b.region,
          ...figure(b.statutoryInspection),
        ]),
        [
          ['330106', 2, 2, { installation: 1, periodic: 1 }, []],
          ['330108', 0, 1, { installation: 0, periodic: 1 }, ['b-OLD-LATE:periodic_overdue']],
        ],
      )
    },
  )

  t.test('2025-06-30: the late inspection counts; the pipeline put into use uninspected does not', async (t) => {
    const body = (await get('/enforcement/rates?region=330100&on=2025-06-30', city.headers)).json()
    t.same(figure(body.statutoryInspection), [
      3,
      4,
      { installation: 2, periodic: 2 },
      ['a-NEW-NO:installation_not_inspected'],
    ])
    t.equal(body.statutoryInspection.value, 0.75)
    t.match(body.statutoryInspection.shortfalls, [
      { pipelineId: 'a-NEW-NO', organisationId: 'a-utility', organisationName: null },
    ])
    t.match(
      body.rates[0].shortfalls.find((s: { pipelineId: string }) => s.pipelineId === 'b-BUILD'),
      { organisationId: 'b-utility', organisationName: '滨江燃气' },
      'shortfalls carry the name from the directory',
    )
    const own = (await get('/enforcement/rates?on=2025-06-30', county.headers)).json()
    t.same(figure(own.statutoryInspection), [1, 1, { installation: 0, periodic: 1 }, []], 'a county team: its county')
  })

  t.test('the rates as CSV: every rate of the region and its counties, labels in the asked language', async (t) => {
    const en = await get('/enforcement/rates.csv?region=330100&on=2025-06-30', city.headers)
    t.equal(en.statusCode, 200)
    t.match(en.headers['content-type'], /^text\/csv; charset=utf-8/)
    t.ok(
      en.body.startsWith('\uFEFFregion,on,rate,rate_label,numerator,denominator,value\r\n'),
      'byte-order mark, header',
    )
    const lines = en.body.slice(1).split('\r\n')
    t.equal(lines.length, 1 + 3 * 5 + 1, 'header, five rates for the city and each county, final line break')
    t.same(
      lines.filter((l) => l.includes('statutory_inspection')),
      [
        '330100,2025-06-30,statutory_inspection,statutory inspection rate of gas pressure pipelines,3,4,0.7500',
        '330106,2025-06-30,statutory_inspection,statutory inspection rate of gas pressure pipelines,2,3,0.6667',
        '330108,2025-06-30,statutory_inspection,statutory inspection rate of gas pressure pipelines,1,1,1.0000',
      ],
    )
    t.ok(lines.includes('330100,2025-06-30,construction_notification,construction notification rate,0,3,0.0000'))
    const zh = await get('/enforcement/rates.csv?region=330100&on=2025-06-30', {
      ...city.headers,
      'accept-language': 'zh-CN',
    })
    t.ok(zh.body.startsWith('\uFEFF行政区划代码,统计日,指标代码,指标,分子,分母,比率\r\n'))
    t.match(zh.body, /330106,2025-06-30,statutory_inspection,燃气压力管道法定检验率,2,3,0\.6667/)
    t.equal(
      (await get('/enforcement/rates.csv?region=330106', county.headers)).statusCode,
      403,
      'a foreign county: refused',
    )
  })
})
