import t from 'tap'
import { cylinderStateAt, type CylinderFact } from './cylinderStateAt.ts'
import { judgeCylinderFill, type FillFact } from './judgeCylinderFill.ts'
import { judgeFillChecks, requiredFillChecks } from './judgeFillChecks.ts'

const registered: CylinderFact = {
  kind: 'registered',
  eventId: 'e-reg',
  on: '2024-01-10',
  ownerOrganisationId: 'station-1',
  refurbished: false,
  nextInspectionDate: '2026-01-10',
  designLifeEndDate: '2035-01-01',
}
const fill = (day: string, stationId = 'station-1'): FillFact => ({
  eventId: `e-fill-${day}`,
  fillId: `fill-${day}`,
  cylinderCode: 'CYL-1',
  stationId,
  region: '330106',
  operatorPersonId: 'p1',
  filledAt: `${day}T10:00:00+08:00`,
  day,
  preFillItems: ['a', 'b'],
  postFillItems: ['x'],
})
const reasons = (facts: CylinderFact[], f: FillFact) =>
  judgeCylinderFill(f, cylinderStateAt(facts, f.day)).map((v) => v.subReason)

t.test('a compliant fill of the own cylinder is no violation', async (t) => {
  t.same(reasons([registered], fill('2025-01-01')), [])
})

t.test('state is taken on the fill day: registered later means unregistered then', async (t) => {
  t.same(reasons([registered], fill('2024-01-09')), ['unregistered'])
  t.same(reasons([], fill('2025-01-01')), ['unregistered'])
})

t.test('not own and not entrusted; an entrustment in force on the day makes it lawful', async (t) => {
  const entrusted: CylinderFact = {
    kind: 'entrusted',
    eventId: 'e-ent',
    stationId: 'station-2',
    from: '2024-06-01',
    until: '2024-12-31',
  }
  t.same(reasons([registered], fill('2024-07-01', 'station-2')), ['not_owned_nor_entrusted'])
  t.same(reasons([registered, entrusted], fill('2024-07-01', 'station-2')), [])
  t.same(reasons([registered, entrusted], fill('2025-01-01', 'station-2')), ['not_owned_nor_entrusted'])
  const ended: CylinderFact = { kind: 'entrustment_ended', eventId: 'e-end', stationId: 'station-2', on: '2024-08-01' }
  const open: CylinderFact = { kind: 'entrusted', eventId: 'e-ent', stationId: 'station-2', from: '2024-06-01' }
  t.same(reasons([registered, open, ended], fill('2024-08-01', 'station-2')), [], 'endedOn is the last day')
  t.same(reasons([registered, open, ended], fill('2024-08-02', 'station-2')), ['not_owned_nor_entrusted'])
})

t.test('every applicable reason is a separate violation, each with its own evidence', async (t) => {
  const refurbished = { ...registered, refurbished: true, designLifeEndDate: '2025-06-01' } as CylinderFact
  const failed: CylinderFact = { kind: 'inspected', eventId: 'e-insp', on: '2025-03-01', result: 'fail' }
  const scrapped: CylinderFact = { kind: 'scrapped', eventId: 'e-scrap', on: '2025-04-01' }
  const found = judgeCylinderFill(
    fill('2026-02-01', 'station-9'),
    cylinderStateAt([refurbished, failed, scrapped], '2026-02-01'),
  )
  t.same(
    found.map((v) => [v.subReason, v.evidence]),
    [
      ['not_owned_nor_entrusted', ['e-fill-2026-02-01', 'e-reg']],
      ['refurbished', ['e-fill-2026-02-01', 'e-reg']],
      ['inspection_overdue', ['e-fill-2026-02-01', 'e-reg']],
      ['failed_last_inspection', ['e-fill-2026-02-01', 'e-insp']],
      ['scrapped', ['e-fill-2026-02-01', 'e-scrap']],
      ['past_design_life', ['e-fill-2026-02-01', 'e-reg']],
    ],
  )
  t.ok(found.every((v) => v.category === 'noncompliant_cylinder_filled' && v.organisationId === 'station-9'))
})

t.test('overdue after the due day; a pass moves the due date, a later fail is the last result', async (t) => {
  t.same(reasons([registered], fill('2026-01-10')), [], 'the due day itself is still in time')
  t.same(reasons([registered], fill('2026-01-11')), ['inspection_overdue'])
  const pass: CylinderFact = {
    kind: 'inspected',
    eventId: 'e-pass',
    on: '2026-02-01',
    result: 'pass',
    nextInspectionDate: '2030-02-01',
  }
  t.same(reasons([registered, pass], fill('2026-01-20')), ['inspection_overdue'], 'before the inspection day')
  t.same(reasons([registered, pass], fill('2026-02-02')), [])
  const scrap: CylinderFact = { kind: 'inspected', eventId: 'e-s', on: '2027-01-01', result: 'scrap' }
  t.same(reasons([registered, pass, scrap], fill('2027-01-02')), ['scrapped'])
})

t.test('fill checks: each incomplete check names its missing items', async (t) => {
  const v = judgeFillChecks(fill('2025-01-01'), { preFill: ['a', 'b', 'c'], postFill: ['x'] })
  t.same(
    v.map((x) => [x.subReason, x.details?.['missingItems']]),
    [['pre_fill_check_incomplete', ['c']]],
  )
  t.same(judgeFillChecks(fill('2025-01-01'), { preFill: ['a'], postFill: ['x'] }), [])
  t.equal(judgeFillChecks(fill('2025-01-01'), { preFill: ['q'], postFill: ['y'] }).length, 2)
})

t.test('required check items come from cylinderTypeRules; unknown type: the items all types share', async (t) => {
  const lpg = requiredFillChecks('lpg_welded_steel', '2025-01-01')
  t.ok(lpg.postFill.includes('quantity_weighed'))
  const acetylene = requiredFillChecks('dissolved_acetylene', '2025-01-01')
  t.ok(acetylene.preFill.includes('filler_porous_mass'))
  const unknown = requiredFillChecks(undefined, '2025-01-01')
  t.notOk(unknown.preFill.includes('filler_porous_mass'))
  t.notOk(unknown.postFill.includes('quantity_weighed'))
  t.ok(unknown.postFill.includes('no_leak'))
})

t.test('a pass that extended the design life makes fills lawful from its day on, with its own evidence', async (t) => {
  const lpg: CylinderFact = { ...registered, nextInspectionDate: '2027-01-10', designLifeEndDate: '2025-03-01' }
  const extended: CylinderFact = {
    kind: 'inspected',
    eventId: 'e-ext',
    on: '2025-03-20',
    result: 'pass',
    nextInspectionDate: '2029-03-20',
    designLifeEndDate: '2029-03-01',
  }
  const between = judgeCylinderFill(fill('2025-03-10'), cylinderStateAt([lpg, extended], '2025-03-10'))
  t.match(between, [
    {
      subReason: 'past_design_life',
      evidence: ['e-fill-2025-03-10', 'e-reg'],
      details: { designLifeEndDate: '2025-03-01' },
    },
  ])
  t.same(reasons([lpg, extended], fill('2025-03-20')), [], 'from the pass on: extended')
  const after = judgeCylinderFill(fill('2029-03-02'), cylinderStateAt([lpg, extended], '2029-03-02'))
  t.match(after, [
    {
      subReason: 'past_design_life',
      evidence: ['e-fill-2029-03-02', 'e-ext'],
      details: { designLifeEndDate: '2029-03-01' },
    },
  ])
})

t.test(
  'a cylinder found refurbished after registration is unfillable from the marking day, with the marking as evidence',
  async (t) => {
    const marked: CylinderFact = { kind: 'marked_refurbished', eventId: 'e-mark', on: '2025-02-01' }
    t.same(reasons([registered, marked], fill('2025-01-31')), [], 'the day before the marking: no finding')
    const found = judgeCylinderFill(fill('2025-02-01'), cylinderStateAt([registered, marked], '2025-02-01'))
    t.same(
      found.map((v) => [v.subReason, v.evidence]),
      [['refurbished', ['e-fill-2025-02-01', 'e-mark']]],
    )
  },
)
