import t from 'tap'
import { drawInspectionPlan, seedHashOf } from './drawInspectionPlan.ts'
import { inspectionSamplingRules } from './inspectionSamplingRules.ts'
import { riskGrades, type RiskGradeLetter } from './riskCatalogueRules.ts'

const { ratios, inspectorsPerVisit } = inspectionSamplingRules.at('2026-01-01').rules
/** 50 organisations of each grade but E (10): 210 subjects. */
const catalogue = riskGrades.flatMap((grade) =>
  Array.from({ length: grade === 'E' ? 10 : 50 }, (_, i) => ({ organisationId: `org-${grade}-${i}`, grade })),
)
const roster = Array.from({ length: 8 }, (_, i) => `insp-${String(i).padStart(2, '0')}`)
const base = { catalogue, roster, excluded: [], ratios, inspectorsPerVisit }

t.test('reproducible: the same seed, the same draw; another seed, another draw', async (t) => {
  const a = drawInspectionPlan({ ...base, seed: 'seed-one-0123456789' })
  t.same(drawInspectionPlan({ ...base, seed: 'seed-one-0123456789' }), a)
  t.same(
    drawInspectionPlan({ ...base, catalogue: [...catalogue].reverse(), seed: 'seed-one-0123456789' }),
    a,
    'order-free',
  )
  t.notSame(drawInspectionPlan({ ...base, seed: 'seed-two-0123456789' }), a)
  t.equal(seedHashOf('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
})

t.test('the highest grade always; two inspectors a visit; exclusions kept', async (t) => {
  const excluded = [
    ...roster.slice(0, 7).map((inspectorId) => ({ inspectorId, organisationId: 'org-E-0' })),
    { inspectorId: 'insp-00', organisationId: 'org-E-1' },
  ]
  const visits = drawInspectionPlan({ ...base, excluded, seed: 'exclusions-0123456789' })
  t.same(
    visits
      .filter((v) => v.grade === 'E')
      .map((v) => v.organisationId)
      .sort(),
    catalogue
      .filter((o) => o.grade === 'E')
      .map((o) => o.organisationId)
      .sort(),
  )
  t.same(visits.find((v) => v.organisationId === 'org-E-0')!.inspectorIds, ['insp-07'], 'unstaffed: one eligible')
  t.notOk(visits.find((v) => v.organisationId === 'org-E-1')!.inspectorIds.includes('insp-00'))
  for (const v of visits.filter((v) => v.organisationId !== 'org-E-0')) {
    t.equal(new Set(v.inspectorIds).size, 2)
  }
})

/**
 * 10,000 draws with different seeds. Tolerances: each grade's mean sampled share within ±0.01 of
 * its ratio (the standard error of the mean share of grade A at 3% of 50 is ≈ 0.0003, so the
 * bound fails only on a real bias); each single organisation of a grade drawn with a frequency
 * within ±0.03 of the ratio (≈ 5 standard errors at p = 0.5); in every draw no inspector carries
 * more than ⌈visits × 2 / roster⌉ visits (least-loaded assignment, nothing excluded).
 */
t.test('statistics over 10,000 draws: frequencies by grade and the inspectors’ load', async (t) => {
  const draws = 10_000
  const chosen = new Map<string, number>()
  const perGrade = new Map<RiskGradeLetter, number>()
  let worstOverload = -Infinity
  for (let i = 0; i < draws; i++) {
    const visits = drawInspectionPlan({ ...base, seed: `statistical-seed-${i}` })
    const load = new Map<string, number>()
    for (const v of visits) {
      chosen.set(v.organisationId, (chosen.get(v.organisationId) ?? 0) + 1)
      perGrade.set(v.grade, (perGrade.get(v.grade) ?? 0) + 1)
      for (const id of v.inspectorIds) load.set(id, (load.get(id) ?? 0) + 1)
    }
    const bound = Math.ceil((visits.length * inspectorsPerVisit) / roster.length)
    worstOverload = Math.max(worstOverload, Math.max(...load.values()) - bound)
  }
  for (const grade of riskGrades) {
    const size = catalogue.filter((o) => o.grade === grade).length
    const share = perGrade.get(grade)! / (draws * size)
    t.ok(Math.abs(share - ratios[grade]) <= 0.01, `grade ${grade}: share ${share.toFixed(4)} vs ratio ${ratios[grade]}`)
    const worst = Math.max(
      ...catalogue
        .filter((o) => o.grade === grade)
        .map((o) => Math.abs((chosen.get(o.organisationId) ?? 0) / draws - ratios[grade])),
    )
    t.ok(worst <= 0.03, `grade ${grade}: every organisation within ±0.03 of its ratio (worst ${worst.toFixed(4)})`)
  }
  t.ok(worstOverload <= 0, `no inspector over ⌈visits×2/roster⌉ (worst excess ${worstOverload})`)
})
