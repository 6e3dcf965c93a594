import t from 'tap'
import { z } from 'zod'
import { newEventId } from './newEventId.ts'

t.test('a UUID version 7 carrying the time it was made', async (t) => {
  const at = Date.parse('2026-11-26T04:50:00.123Z')
  const id = newEventId(at)
  t.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  t.ok(z.uuid().safeParse(id).success, 'accepted where the API validates ids')
  t.equal(Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16), at, 'the first 48 bits are the milliseconds')
})

t.test('ids made later sort after earlier ones; ids of one millisecond differ', async (t) => {
  const base = Date.parse('2026-11-26T04:50:00Z')
  const ids = Array.from({ length: 1000 }, (_, i) => newEventId(base + i))
  t.same([...ids].sort(), ids, 'string order is time order across milliseconds')
  const sameMs = new Set(Array.from({ length: 10_000 }, () => newEventId(base)))
  t.equal(sameMs.size, 10_000, 'the random bits keep ids of one millisecond apart')
})
