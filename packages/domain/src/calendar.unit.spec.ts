import t from 'tap'
import { chinaDate, chinaTimestamp } from './calendar.ts'

t.test('chinaTimestamp: the same instant, written in China Standard Time', async (t) => {
  t.equal(chinaTimestamp(new Date('2026-03-01T16:30:00.120Z')), '2026-03-02T00:30:00.120+08:00', 'next day in China')
  t.equal(chinaTimestamp('2026-03-01T08:00:00+08:00'), '2026-03-01T08:00:00.000+08:00')
  const instant = new Date('2025-12-31T23:59:59.999Z')
  t.equal(new Date(chinaTimestamp(instant)).getTime(), instant.getTime(), 'round-trips to the same instant')
  t.equal(chinaTimestamp(instant).slice(0, 10), chinaDate(instant), 'its day is the China field day')
})
