import t from 'tap'
import { z } from 'zod'
import { defineEvent, eventCatalogue } from './defineEvent.ts'

/** Version 2 renamed `kg` to `quantityKg`: events written at version 1 stay readable. */
const Weighed = defineEvent('Weighed', z.strictObject({ quantityKg: z.number() }), {
  schemaVersion: 2,
  upcast: (data, fromVersion) => {
    if (fromVersion !== 1) throw new Error(`no upcaster from version ${fromVersion}`)
    const { kg, ...rest } = data as { kg: number }
    return { ...rest, quantityKg: kg }
  },
})
const catalogue = eventCatalogue({ Weighed, Noted: defineEvent('Noted', z.strictObject({ text: z.string() })) })

t.test('an event written under an older schema version is upcast, then validated', async (t) => {
  t.same(catalogue.parse({ type: 'Weighed', data: { kg: 3 }, metadata: { schemaVersion: 1 } }), {
    type: 'Weighed',
    data: { quantityKg: 3 },
  })
  t.same(catalogue.parse({ type: 'Weighed', data: { quantityKg: 3 }, metadata: { schemaVersion: 2 } }), {
    type: 'Weighed',
    data: { quantityKg: 3 },
  })
  t.same(catalogue.upcast({ type: 'Weighed', data: { kg: 3 }, metadata: { schemaVersion: 1 } }), {
    type: 'Weighed',
    data: { quantityKg: 3 },
  })
  t.throws(() => catalogue.parse({ type: 'Weighed', data: { kg: 'x' }, metadata: { schemaVersion: 1 } }))
  t.equal(catalogue.schemaVersionOf('Weighed'), 2)
  t.equal(catalogue.schemaVersionOf('Noted'), 1)
})

t.test('without metadata an event is version 1; a type outside the catalogue is undefined', async (t) => {
  t.same(catalogue.parse({ type: 'Noted', data: { text: 'a' } }), { type: 'Noted', data: { text: 'a' } })
  t.equal(catalogue.parse({ type: 'Unknown', data: {} }), undefined)
  t.equal(catalogue.upcast({ type: 'Unknown', data: {} }), undefined)
  t.notOk(catalogue.isType('toString'), 'inherited names are not types')
  t.same(catalogue.types, ['Weighed', 'Noted'])
})
