import t from 'tap'
import { DomainError } from '../Decider.ts'
import { inspectionIntervalFor, inspectionIntervals } from './inspectionIntervals.ts'

const day = '2026-06-01'
const months = (
  category: Parameters<typeof inspectionIntervalFor>[0],
  attributes: Parameters<typeof inspectionIntervalFor>[1],
) => {
  const { intervalMonths, firstWithinMonths } = inspectionIntervalFor(category, attributes, day)
  return { intervalMonths, firstWithinMonths }
}
const refused = (fn: () => unknown) => {
  try {
    fn()
  } catch (e) {
    return e
  }
  return undefined
}

t.test('industrial pipelines follow TSG D7005: GC3 at grade 1-2 every 9 years, GC1/GC2 every 6', async (t) => {
  for (const pipelineGrade of ['GC1', 'GC2']) {
    for (const safetyGrade of [1, 2])
      t.same(months('pressure_pipeline', { safetyGrade, pipelineGrade }), { intervalMonths: 72, firstWithinMonths: 36 })
    t.same(months('pressure_pipeline', { safetyGrade: 3, pipelineGrade }), {
      intervalMonths: 36,
      firstWithinMonths: 36,
    })
  }
  for (const safetyGrade of [1, 2])
    t.same(months('pressure_pipeline', { safetyGrade, pipelineGrade: 'GC3' }), {
      intervalMonths: 108,
      firstWithinMonths: 36,
    })
  t.same(months('pressure_pipeline', { safetyGrade: 3, pipelineGrade: 'GC3' }), {
    intervalMonths: 36,
    firstWithinMonths: 36,
  })
  t.same(months('pressure_pipeline', { pipelineGrade: 'GC3' }), { intervalMonths: 36, firstWithinMonths: 36 })
})

t.test('an industrial pipeline at safety grade 4 must not be used (no monitored year as a vessel has)', async (t) => {
  for (const pipelineGrade of ['GC1', 'GC2', 'GC3']) {
    const error = refused(() => inspectionIntervalFor('pressure_pipeline', { safetyGrade: 4, pipelineGrade }, day))
    t.ok(error instanceof DomainError, pipelineGrade)
    t.match(error, { code: 'safety-grade-not-usable' })
  }
  t.same(months('pressure_vessel', { safetyGrade: 4 }), { intervalMonths: 12, firstWithinMonths: 36 }, 'a vessel at 4')
})

t.test(
  'city gas pipelines (GB1) and pipelines of unknown grade: first within 3 years, then 6/3/1 by grade',
  async (t) => {
    for (const pipelineGrade of ['GB1', undefined, 'GA1']) {
      t.same(months('pressure_pipeline', { safetyGrade: 1, pipelineGrade }), {
        intervalMonths: 72,
        firstWithinMonths: 36,
      })
      t.same(months('pressure_pipeline', { safetyGrade: 3, pipelineGrade }), {
        intervalMonths: 36,
        firstWithinMonths: 36,
      })
      t.same(months('pressure_pipeline', { safetyGrade: 4, pipelineGrade }), {
        intervalMonths: 12,
        firstWithinMonths: 36,
      })
      t.same(months('pressure_pipeline', { pipelineGrade }), { intervalMonths: 36, firstWithinMonths: 36 })
    }
  },
)

t.test('lifting machinery carrying molten metal is inspected yearly, other bridge cranes every 2 years', async (t) => {
  t.same(months('lifting_machinery', { subtype: 'molten_metal_crane' }), { intervalMonths: 12, firstWithinMonths: 12 })
  t.same(months('lifting_machinery', { subtype: 'bridge_crane' }), { intervalMonths: 24, firstWithinMonths: 24 })
  t.same(months('lifting_machinery', {}), { intervalMonths: 24, firstWithinMonths: 24 })
  for (const subtype of ['tower_crane', 'construction_hoist', 'mobile_crane'])
    t.same(months('lifting_machinery', { subtype }), { intervalMonths: 12, firstWithinMonths: 12 }, subtype)
})

t.test(
  '2026.1 corrects 2022.1 on every day: the corrected version stays listed for the events citing it',
  async (t) => {
    t.equal(inspectionIntervals.at('1900-01-01').version, '2026.1')
    t.equal(inspectionIntervals.at(day).version, '2026.1')
    t.same(
      inspectionIntervals.versions.map((v) => v.version),
      ['2022.1', '2026.1'],
    )
    t.same(inspectionIntervalFor('elevator', {}, day).rule, { name: 'inspectionIntervals', version: '2026.1' })
  },
)

t.test('every rule of the version in force cites its regulation, except the general fallbacks', async (t) => {
  const uncited = inspectionIntervals
    .at(day)
    .rules.filter((r) => r.source === undefined)
    .map((r) => `${r.category}/${String(r.safetyGrade)}`)
  t.same(uncited, [
    'pressure_pipeline/1',
    'pressure_pipeline/2',
    'pressure_pipeline/3',
    'pressure_pipeline/4',
    'pressure_pipeline/5',
    'pressure_pipeline/undefined',
  ])
})
