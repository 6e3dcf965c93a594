import t from 'tap'
import { IsoDate, IsoDateTime } from './common.ts'
import { EquipmentRegistered } from './equipment/equipmentEvents.ts'

t.test('the catalogue accepts only dates every store can hold and every reader can parse', async (t) => {
  t.ok(IsoDate.safeParse('0001-01-01').success)
  t.ok(IsoDate.safeParse('9999-12-31').success)
  t.notOk(IsoDate.safeParse('0000-01-01').success, 'year 0000: PostgreSQL refuses it')
  t.notOk(IsoDate.safeParse('+010000-12').success, 'what JavaScript writes past 9999')
  t.notOk(IsoDate.safeParse('2026-02-30').success)
})

t.test('instants: years 0001-9999 in UTC, offsets within ±14:00', async (t) => {
  t.ok(IsoDateTime.safeParse('2026-06-01T10:00:00+08:00').success)
  t.ok(IsoDateTime.safeParse('2026-06-01T10:00:00+14:00').success)
  t.ok(IsoDateTime.safeParse('2026-06-01T10:00:00-12:00').success)
  t.notOk(IsoDateTime.safeParse('0000-01-01T00:00:00Z').success)
  t.notOk(IsoDateTime.safeParse('2026-06-01T10:00:00+15:00').success)
  t.notOk(IsoDateTime.safeParse('2026-06-01T10:00:00-14:30').success)
  t.notOk(IsoDateTime.safeParse('9999-12-31T23:00:00-14:00').success, 'past 9999 in UTC')
})

t.test('an event carrying +010000-12 fails its catalogue schema', async (t) => {
  const result = EquipmentRegistered.schema.safeParse({ nextInspectionDue: '+010000-12' })
  t.ok(result.error?.issues.some((issue) => issue.path.join('.') === 'nextInspectionDue'))
})
