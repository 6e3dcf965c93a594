import t from 'tap'
import { isTransientFailure } from './isTransientFailure.ts'

const withCode = (code: string, message = 'failed') => Object.assign(new Error(message), { code })

t.test('failures no event causes are transient', async (t) => {
  for (const error of [
    withCode('08006', 'connection failure'),
    withCode('40001', 'could not serialize access'),
    withCode('40P01', 'deadlock detected'),
    withCode('55P03', 'lock not available'),
    withCode('57P01', 'terminating connection due to administrator command'),
    withCode('57014', 'canceling statement due to statement timeout'),
    withCode('53100', 'could not extend file: No space left on device'),
    withCode('42P01', 'relation "cyl_fills" does not exist'),
    withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'),
    new Error('Connection terminated unexpectedly'),
    new Error('timeout exceeded when trying to connect'),
    new Error('batch failed', { cause: withCode('ECONNRESET', 'read ECONNRESET') }),
  ]) {
    t.ok(isTransientFailure(error), error.message)
  }
})

t.test('failures an event may cause are not', async (t) => {
  for (const error of [
    withCode('22008', 'date/time field value out of range: "0000-01-01T00:00:00Z"'),
    withCode('22007', 'invalid input syntax for type date: "+010000-12"'),
    withCode('23505', 'duplicate key value violates unique constraint'),
    withCode('P0001', 'raised by a trigger'),
    new Error('no rule version in force on 1970-01-01'),
    new TypeError("Cannot read properties of undefined (reading 'cylinderCode')"),
    new RangeError('Invalid time value'),
  ]) {
    t.notOk(isTransientFailure(error), error.message)
  }
  t.notOk(isTransientFailure('a string'))
  t.notOk(isTransientFailure(undefined))
})
