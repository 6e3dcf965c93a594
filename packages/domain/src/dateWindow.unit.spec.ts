import t from 'tap'
import { dateWindow, dateWindowRefusal, earliestRuleVersion, reportingDelay } from './dateWindow.ts'

const now = new Date('2026-06-15T04:00:00Z') // 12:00 in China

t.test('happened: not before the earliest rule version, not after today (China) plus the skew', async (t) => {
  t.equal(dateWindow.at('2026-06-15').rules.earliest.happened >= earliestRuleVersion, true, 'floor within the rules')
  t.same(dateWindowRefusal('happened', '1970-01-01T00:00:00Z', now), { reason: 'too-early', bound: '2000-01-01' })
  t.same(dateWindowRefusal('happened', '1999-12-31', now), { reason: 'too-early', bound: '2000-01-01' })
  t.equal(dateWindowRefusal('happened', '2000-01-01', now), undefined)
  t.equal(dateWindowRefusal('happened', '2026-06-15', now), undefined)
  t.equal(dateWindowRefusal('happened', '2026-06-16', now)?.reason, 'in-the-future')
  t.equal(dateWindowRefusal('happened', '2026-06-15T04:09:00Z', now), undefined, 'within the skew')
  t.equal(dateWindowRefusal('happened', '2026-06-15T04:11:00Z', now)?.reason, 'in-the-future')
  t.equal(dateWindowRefusal('happened', '2026-06-15T12:09:00+08:00', now), undefined, 'offset counted')
})

t.test('the China day decides: late evening UTC is already tomorrow there', async (t) => {
  const lateUtc = new Date('2026-06-15T17:00:00Z') // 01:00 on 16 June in China
  t.equal(dateWindowRefusal('happened', '2026-06-16', lateUtc), undefined)
  t.equal(dateWindowRefusal('happened', '2026-06-17', lateUtc)?.reason, 'in-the-future')
})

t.test('historical: from 1900, never in the future', async (t) => {
  t.equal(dateWindowRefusal('historical', '1995-03-01', now), undefined, 'a cylinder made in 1995 is real')
  t.equal(dateWindowRefusal('historical', '1899-12-31', now)?.reason, 'too-early')
  t.equal(dateWindowRefusal('historical', '9999-12-31', now)?.reason, 'in-the-future')
})

t.test('scheduled: up to 100 years ahead', async (t) => {
  t.equal(dateWindowRefusal('scheduled', '2030-01-01', now), undefined)
  t.equal(dateWindowRefusal('scheduled', '2126-06-15', now), undefined)
  t.same(dateWindowRefusal('scheduled', '2126-06-16', now), { reason: 'too-far-ahead', bound: '2126-06-15' })
  t.equal(dateWindowRefusal('scheduled', '9999-12-31', now)?.reason, 'too-far-ahead')
})

t.test('late reporting: China days between field day and recording, per event type', async (t) => {
  const recordedAt = new Date('2026-06-15T04:00:00Z')
  t.same(reportingDelay('CylinderFilled', '2026-06-14T10:00:00+08:00', recordedAt), {
    delayDays: 1,
    lateReported: false,
  })
  t.same(reportingDelay('CylinderFilled', '2026-06-13T10:00:00+08:00', recordedAt), {
    delayDays: 2,
    lateReported: true,
  })
  t.same(reportingDelay('EquipmentRegistered', '2026-05-16T00:00:00+08:00', recordedAt), {
    delayDays: 30,
    lateReported: false,
  })
  t.same(reportingDelay('EquipmentRegistered', '2026-05-15T00:00:00+08:00', recordedAt), {
    delayDays: 31,
    lateReported: true,
  })
  t.same(reportingDelay('EquipmentRegistered', '2026-06-15T00:10:00+08:00', recordedAt)?.delayDays, 0)
  t.equal(reportingDelay('CylinderFilled', '0000-01-01T00:00:00Z', recordedAt), undefined, 'a poison instant: unknown')
  t.equal(reportingDelay('CylinderFilled', 'not a date', recordedAt), undefined)
})
