import t from 'tap'
import { z } from 'zod'
import Fastify from 'fastify'
import { assertBoundedSchemas, unboundedFields } from './assertBoundedSchemas.ts'

t.test('strings, arrays and records without an upper bound are named by path', async (t) => {
  const schema = z.strictObject({
    name: z.string().min(1),
    code: z.string().regex(/^[A-Z]{2,8}$/),
    loose: z.string().regex(/^[A-Z]+$/),
    day: z.iso.date(),
    id: z.uuid().optional(),
    tags: z.array(z.string().max(10)),
    items: z.array(z.strictObject({ note: z.string().nullable() })).max(5),
    record: z.record(z.string().max(8), z.string().max(8)),
    kind: z.enum(['a', 'b']),
    either: z.union([z.string(), z.number()]),
  })
  t.same(unboundedFields(schema).sort(), ['either', 'items.*.note', 'loose', 'name', 'record', 'tags'])
})

t.test('bounded ones pass', async (t) => {
  const maxFields = 4
  const schema = z.strictObject({
    name: z.string().min(1).max(200),
    exact: z.string().length(6),
    tags: z.array(z.string().max(10)).max(20).default([]),
    record: z
      .record(z.string().max(8), z.union([z.string().max(8), z.number()]))
      .refine((r) => Object.keys(r).length <= maxFields)
      .meta({ maxProperties: maxFields }),
    limit: z.coerce.number().int().max(500),
  })
  t.same(unboundedFields(schema), [])
})

t.test('a route with an unbounded field fails when it is added, naming the route and the field', async (t) => {
  const app = Fastify()
  assertBoundedSchemas(app)
  const bounded = z.strictObject({ name: z.string().max(10) })
  t.doesNotThrow(() => app.post('/ok', { schema: { body: bounded } }, async () => ({})))
  t.throws(
    () =>
      app.post(
        '/notes/:id',
        { schema: { params: z.strictObject({ id: z.string() }), body: bounded } },
        async () => ({}),
      ),
    /POST \/notes\/:id: params fields without an upper bound.*: id/,
  )
  t.throws(
    () =>
      app.get(
        '/notes',
        { schema: { querystring: z.strictObject({ tags: z.array(z.string().max(8)) }) } },
        async () => ({}),
      ),
    /querystring fields without an upper bound.*: tags/,
  )
  await app.close()
})
