import t from 'tap'
import { prefillCheck, type PrefillCylinderFacts } from './prefillCheck.ts'

const good: PrefillCylinderFacts = {
  ownerOrganisationId: 'station-1',
  refurbished: false,
  nextInspectionDate: '2027-01-01',
  designLifeEndDate: '2035-01-01',
  lastInspectionResult: 'pass',
  scrapped: false,
  entrustments: [],
}
const check = (cylinder: PrefillCylinderFacts | undefined, extra: Partial<Parameters<typeof prefillCheck>[0]> = {}) =>
  prefillCheck({ cylinder, stationId: 'station-1', date: '2026-06-01', ...extra })

t.test('a compliant own cylinder is allowed', async (t) => {
  t.same(check(good), { decision: 'allow', reasons: [] })
})

t.test('each deny reason on its own', async (t) => {
  t.same(check(undefined).reasons, ['unregistered'])
  t.same(check({ ...good, ownerOrganisationId: 'other' }).reasons, ['not_owned_nor_entrusted'])
  t.same(check({ ...good, refurbished: true }).reasons, ['refurbished'])
  t.same(check({ ...good, nextInspectionDate: '2026-05-31' }).reasons, ['inspection_overdue'])
  t.same(check({ ...good, lastInspectionResult: 'fail' }).reasons, ['failed_last_inspection'])
  t.same(check({ ...good, scrapped: true }).reasons, ['scrapped'])
  t.same(check({ ...good, designLifeEndDate: '2026-05-31' }).reasons, ['past_design_life'])
  t.same(check(good, { operatorStatus: 'expired' }).reasons, ['operator_not_certified'])
})

t.test('a marking (scrapped, refurbished) refuses from its field day, not before', async (t) => {
  t.same(check({ ...good, scrapped: true, scrappedOn: '2026-06-01' }).reasons, ['scrapped'])
  t.same(check({ ...good, scrapped: true, scrappedOn: '2026-06-02' }).reasons, [], 'a fill the day before')
  t.same(check({ ...good, refurbished: true, refurbishedOn: '2026-06-01' }).reasons, ['refurbished'])
  t.same(check({ ...good, refurbished: true, refurbishedOn: '2026-06-02' }).reasons, [])
  t.same(check({ ...good, refurbished: true, refurbishedOn: null }).reasons, ['refurbished'], 'declared: always')
})

t.test('the due date itself is still within the inspection period', async (t) => {
  t.equal(check({ ...good, nextInspectionDate: '2026-06-01' }).decision, 'allow')
})

t.test('an entrustment covers its dates only', async (t) => {
  const other = { ...good, ownerOrganisationId: 'customer-9' }
  t.equal(check({ ...other, entrustments: [{ from: '2026-01-01' }] }).decision, 'allow')
  t.equal(check({ ...other, entrustments: [{ from: '2026-01-01', until: '2026-05-31' }] }).decision, 'deny')
  t.equal(check({ ...other, entrustments: [{ from: '2026-07-01', until: null }] }).decision, 'deny')
})

t.test('every reason that applies is listed at once', async (t) => {
  const bad = {
    ownerOrganisationId: 'other',
    refurbished: true,
    nextInspectionDate: '2020-01-01',
    designLifeEndDate: '2021-01-01',
    lastInspectionResult: 'fail',
    scrapped: true,
    entrustments: [],
  }
  t.same(check(bad, { operatorStatus: 'missing' }), {
    decision: 'deny',
    reasons: [
      'not_owned_nor_entrusted',
      'refurbished',
      'inspection_overdue',
      'failed_last_inspection',
      'scrapped',
      'past_design_life',
      'operator_not_certified',
    ],
  })
})
