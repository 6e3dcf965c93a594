import t from 'tap'
import { findUnsafeText, unsafeTextReason } from './refuseUnsafeText.ts'
import { checkCorrelationId } from './correlationId.ts'

t.test('NUL and lone surrogates are found, well-formed text is not', async (t) => {
  t.equal(unsafeTextReason('a\u0000b'), 'nul')
  t.equal(unsafeTextReason('a\ud800b'), 'lone-surrogate')
  t.equal(unsafeTextReason('a\udc00'), 'lone-surrogate')
  t.equal(unsafeTextReason('\ude00\ud83d'), 'lone-surrogate', 'a pair in the wrong order is two lone halves')
  t.equal(unsafeTextReason('燃气 😀 ok'), undefined)
})

t.test('every bad string and key is named by its dotted path', async (t) => {
  t.same(findUnsafeText({ a: 'ok', fills: [{ gas: 'L\u0000PG' }, { note: ['x', '\ud800'] }], ['k\u0000']: 1, n: 3 }), [
    { field: 'fills.0.gas', reason: 'nul' },
    { field: 'fills.1.note.1', reason: 'lone-surrogate' },
    { field: 'k\u0000', reason: 'nul' },
  ])
  t.same(findUnsafeText('\u0000'), [{ field: '(root)', reason: 'nul' }])
  let deep: unknown = 'x\u0000'
  for (let i = 0; i < 100_000; i++) deep = [deep]
  t.equal(findUnsafeText(deep).length, 1, 'deep nesting does not overflow the stack')
})

t.test('X-Correlation-Id: one value of 1-128 visible ASCII', async (t) => {
  t.equal(checkCorrelationId(undefined), undefined)
  t.equal(checkCorrelationId('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'), undefined)
  t.equal(checkCorrelationId('x'.repeat(128)), undefined)
  for (const bad of ['', 'x'.repeat(129), 'a b', 'tab\there', 'é', ['a', 'b']]) {
    t.equal(checkCorrelationId(bad)?.field, 'x-correlation-id', JSON.stringify(bad).slice(0, 40))
  }
})
