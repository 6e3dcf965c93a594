import t from 'tap'
import { z } from 'zod'
import { schemaFields } from './schemaFields.ts'

t.test('every string, enum, array and record with its path and kind', async (t) => {
  const day = z.iso.date()
  const schema = z.strictObject({
    name: z.string().max(10),
    from: day,
    until: day.optional(),
    at: z.iso.datetime({ offset: true }),
    kind: z.enum(['a', 'b']),
    count: z.number(),
    items: z.array(z.strictObject({ note: z.string().max(5).nullable() })).max(3),
    record: z.record(z.string().max(8), z.union([z.string().max(8), z.number()])),
  })
  t.same(
    schemaFields(schema).map((f) => `${f.path.join('.')}:${f.kind}:${f.bounded}`),
    [
      'name:string:true',
      'from:date:true',
      'until:date:true',
      'at:datetime:true',
      'kind:enum:true',
      'items:array:true',
      'items.0.note:string:true',
      'record:record:false',
      'record.(key):string:true',
      'record.*:string:true',
    ],
  )
  t.same(schemaFields(undefined), [], 'a route without that schema has no fields')
})
