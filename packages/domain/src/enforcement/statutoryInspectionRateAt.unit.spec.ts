import t from 'tap'
import type { PipelineStageFacts } from './pipelineRatesAt.ts'
import { statutoryInspectionRateAt, statutoryInspectionStandingAt } from './statutoryInspectionRateAt.ts'

const base: PipelineStageFacts = {
  pipelineId: 'P1',
  region: '330106',
  organisationId: 'u1',
  inUseRecords: [],
  dueDates: [],
  declarations: [],
}
const standing = (facts: PipelineStageFacts, day: string) => {
  const s = statutoryInspectionStandingAt(facts, day)
  return s ? `${s.obligation}:${s.shortfall ?? 'ok'}` : 'owes nothing'
}

t.test('a new pipeline: nothing owed while built, installation inspection once in use', async (t) => {
  const p: PipelineStageFacts = {
    ...base,
    constructionStartedOn: '2025-02-01',
    inUseRecords: [{ recordedOn: '2025-06-01', complete: true }],
  }
  t.equal(standing(p, '2025-03-01'), 'owes nothing', 'under construction')
  t.equal(standing(p, '2025-06-01'), 'installation:installation_not_inspected', 'in use, never inspected')
  t.equal(standing({ ...p, installationInspectedOn: '2025-05-20' }, '2025-06-01'), 'installation:ok')
  t.equal(
    standing({ ...p, installationInspectedOn: '2025-07-01' }, '2025-06-30'),
    'installation:installation_not_inspected',
    'a result dated after the day does not count on it',
  )
  t.equal(
    standing({ ...base, inUseKnownOn: '2025-01-01' }, '2025-02-01'),
    'owes nothing',
    'an old pipeline, no due date',
  )
})

t.test('periodic: owed once a due date has passed; met when a result moved it beyond the day', async (t) => {
  const p: PipelineStageFacts = {
    ...base,
    inUseRecords: [{ recordedOn: '2022-01-10', complete: true }],
    dueDates: [{ dueDate: '2025-03-31', knownOn: '2022-01-10' }],
  }
  t.equal(standing(p, '2025-03-31'), 'owes nothing', 'the due day itself is not past')
  t.equal(standing(p, '2025-04-01'), 'periodic:periodic_overdue')
  const inspected = { ...p, dueDates: [...p.dueDates, { dueDate: '2028-03-20', knownOn: '2025-03-20' }] }
  t.equal(standing(inspected, '2025-03-25'), 'owes nothing', 'inspected before the due date passed')
  t.equal(standing(inspected, '2025-04-01'), 'periodic:ok')
  const late = { ...p, dueDates: [...p.dueDates, { dueDate: '2028-05-10', knownOn: '2025-05-10' }] }
  t.equal(standing(late, '2025-05-09'), 'periodic:periodic_overdue', 'overdue until the late inspection')
  t.equal(standing(late, '2025-05-10'), 'periodic:ok')
  t.equal(
    standing({ ...p, constructionStartedOn: '2021-06-01' }, '2025-04-01'),
    'periodic:periodic_overdue',
    'the periodic obligation replaces the installation one',
  )
})

t.test('the rate over a district: exact counts, shortfalls by pipeline', async (t) => {
  const pipelines: PipelineStageFacts[] = [
    {
      ...base,
      pipelineId: 'A',
      constructionStartedOn: '2025-01-01',
      inUseKnownOn: '2025-03-01',
      installationInspectedOn: '2025-02-20',
    },
    { ...base, pipelineId: 'B', constructionStartedOn: '2025-01-01', inUseKnownOn: '2025-03-01' },
    {
      ...base,
      pipelineId: 'C',
      dueDates: [
        { dueDate: '2025-01-31', knownOn: '2022-01-01' },
        { dueDate: '2028-01-20', knownOn: '2025-01-20' },
      ],
    },
    {
      ...base,
      pipelineId: 'D',
      region: '330108',
      organisationId: 'u2',
      dueDates: [{ dueDate: '2025-01-31', knownOn: '2022-01-01' }],
    },
    { ...base, pipelineId: 'E', constructionStartedOn: '2025-05-01' },
  ]
  const figure = statutoryInspectionRateAt(pipelines, '2025-06-30')
  t.same(
    { ...figure, shortfalls: figure.shortfalls.map((s) => `${s.pipelineId}:${s.reason}`) },
    {
      numerator: 2,
      denominator: 4,
      value: 0.5,
      byObligation: { installation: 2, periodic: 2 },
      shortfalls: ['B:installation_not_inspected', 'D:periodic_overdue'],
    },
  )
  t.same(statutoryInspectionRateAt([], '2025-06-30'), {
    numerator: 0,
    denominator: 0,
    value: null,
    byObligation: { installation: 0, periodic: 0 },
    shortfalls: [],
  })
})
