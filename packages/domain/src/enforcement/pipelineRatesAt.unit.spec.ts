import t from 'tap'
import { pipelineRatesAt, pipelineStandingsAt, type PipelineStageFacts } from './pipelineRatesAt.ts'

const base: PipelineStageFacts = {
  pipelineId: 'P1',
  region: '330106',
  organisationId: 'u1',
  inUseRecords: [],
  dueDates: [],
  declarations: [],
}
const standing = (facts: PipelineStageFacts, day: string) =>
  Object.fromEntries(pipelineStandingsAt(facts, day).map((s) => [s.rate, s.shortfall ?? 'ok']))

t.test('a well-behaved new pipeline through its stages, day by day', async (t) => {
  const p: PipelineStageFacts = {
    ...base,
    notifiedOn: '2025-01-05',
    installationDeclaredOn: '2025-01-06',
    constructionStartedOn: '2025-02-01',
    inUseRecords: [{ recordedOn: '2025-06-01', complete: true }],
    dueDates: [{ dueDate: '2028-06-01', knownOn: '2025-06-01' }],
  }
  t.same(standing(p, '2025-01-10'), {}, 'notified, not started: in no denominator')
  t.same(standing(p, '2025-03-01'), { construction_notification: 'ok', installation_inspection_declaration: 'ok' })
  t.same(standing(p, '2025-06-01'), {
    construction_notification: 'ok',
    installation_inspection_declaration: 'ok',
    in_use_information_entry: 'ok',
  })
})

t.test('shortfalls: found without notification, notified late, undeclared', async (t) => {
  const found = { ...base, constructionStartedOn: '2025-02-01' }
  t.same(standing(found, '2025-02-01'), {
    construction_notification: 'not_notified',
    installation_inspection_declaration: 'not_declared',
  })
  const late = { ...found, notifiedOn: '2025-02-02', installationDeclaredOn: '2025-03-01' }
  t.same(standing(late, '2025-02-15'), {
    construction_notification: 'notified_late',
    installation_inspection_declaration: 'not_declared',
  })
  t.same(standing(late, '2025-03-01'), {
    construction_notification: 'notified_late',
    installation_inspection_declaration: 'ok',
  })
})

t.test('in-use entry: incomplete until a complete record; known in use without record', async (t) => {
  const p = {
    ...base,
    inUseRecords: [
      { recordedOn: '2025-01-01', complete: false },
      { recordedOn: '2025-04-01', complete: true },
    ],
  }
  t.same(standing(p, '2025-03-31'), { in_use_information_entry: 'record_incomplete' })
  t.same(standing(p, '2025-04-01'), { in_use_information_entry: 'ok' })
  t.same(standing({ ...base, inUseKnownOn: '2025-01-01' }, '2025-02-01'), { in_use_information_entry: 'no_record' })
})

t.test(
  'periodic declaration: due once the deadline (due minus 30 days) passed; in time means by the deadline',
  async (t) => {
    const p = { ...base, dueDates: [{ dueDate: '2025-06-30', knownOn: '2022-06-30' }] }
    t.same(standing(p, '2025-05-30'), {}, 'deadline 2025-05-31 not yet passed')
    t.same(standing(p, '2025-05-31'), { periodic_inspection_declaration: 'not_declared' })
    const inTime = { ...p, declarations: [{ dueDate: '2025-06-30', declaredOn: '2025-05-31' }] }
    t.same(standing(inTime, '2025-06-15'), { periodic_inspection_declaration: 'ok' })
    const late = { ...p, declarations: [{ dueDate: '2025-06-30', declaredOn: '2025-06-10' }] }
    t.same(standing(late, '2025-06-05'), { periodic_inspection_declaration: 'not_declared' })
    t.same(standing(late, '2025-06-15'), { periodic_inspection_declaration: 'declared_late' })
  },
)

t.test('rates sum numerators and denominators and list every shortfall pipeline', async (t) => {
  const ok = {
    ...base,
    pipelineId: 'A',
    notifiedOn: '2025-01-01',
    constructionStartedOn: '2025-01-02',
    installationDeclaredOn: '2025-01-01',
  }
  const bad = { ...base, pipelineId: 'B', region: '330108', constructionStartedOn: '2025-01-02' }
  const [notification, declaration, entry, periodic] = pipelineRatesAt([bad, ok], '2025-02-01')
  t.match(notification, { numerator: 1, denominator: 2, value: 0.5 })
  t.same(notification?.shortfalls, [
    { pipelineId: 'B', region: '330108', organisationId: 'u1', reason: 'not_notified' },
  ])
  t.match(declaration, { numerator: 1, denominator: 2 })
  t.match(entry, { numerator: 0, denominator: 0, value: null })
  t.match(periodic, { denominator: 0 })
})
