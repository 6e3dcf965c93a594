import t from 'tap'
import { judgeFillCheckOperator, type FillCheckFact } from './judgeFillCheckOperator.ts'

const check = (over: Partial<FillCheckFact> = {}): FillCheckFact => ({
  eventId: 'e-check',
  checkId: 'c-1',
  cylinderCode: 'CYL-1',
  stationId: 'station-1',
  region: '330106',
  checkedAt: '2026-06-01T02:00:00Z',
  decision: 'allow',
  ...over,
})

t.test('an allowing pre-fill check that names no operator is a finding against the station', async (t) => {
  t.match(judgeFillCheckOperator(check()), [
    {
      category: 'fill_checks_missing',
      subReason: 'pre_fill_check_without_operator',
      subjectKind: 'fill_check',
      subjectId: 'c-1',
      organisationId: 'station-1',
      evidence: ['e-check'],
    },
  ])
})

t.test('a check naming its operator, or one that refused the fill, is none', async (t) => {
  t.same(judgeFillCheckOperator(check({ operatorId: 'p-1' })), [])
  t.same(judgeFillCheckOperator(check({ decision: 'deny' })), [])
})
