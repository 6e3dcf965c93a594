import t from 'tap'
import { z } from 'zod'
import { HappenedAt, HappenedDate, HistoricalDate, IsoDate, ScheduledDate } from '@gsr/events'
import { dateWindowFields, valuesAt } from './dateWindowFields.ts'

t.test('finds every date field with its window, through wrappers, arrays and pipes', async (t) => {
  const schema = z.strictObject({
    on: HappenedDate.optional().describe('default today'),
    made: HistoricalDate,
    until: ScheduledDate.nullable(),
    items: z.array(z.strictObject({ at: HappenedAt })).max(3),
    cell: z
      .string()
      .optional()
      .transform((v) => (v === '' ? undefined : v))
      .pipe(HappenedDate.optional()),
    bare: IsoDate,
    name: z.string(),
  })
  t.same(dateWindowFields(schema), [
    { path: ['on'], kind: 'happened' },
    { path: ['made'], kind: 'historical' },
    { path: ['until'], kind: 'scheduled' },
    { path: ['items', '*', 'at'], kind: 'happened' },
    { path: ['cell'], kind: 'happened' },
    { path: ['bare'], kind: undefined },
  ])
})

t.test('values by path, named as the problem names them', async (t) => {
  const body = { items: [{ at: 'a' }, { at: 'b' }, {}], on: 'c' }
  t.same(valuesAt(body, ['items', '*', 'at']), [
    { field: 'items.0.at', value: 'a' },
    { field: 'items.1.at', value: 'b' },
  ])
  t.same(valuesAt(body, ['on']), [{ field: 'on', value: 'c' }])
  t.same(valuesAt(body, ['missing']), [])
})
