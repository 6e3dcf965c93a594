import t from 'tap'
import type { RecordedEvent } from '@gsr/event-store'
import { parseCylinderEvent } from '@gsr/events/cylinders'
import { parseViolationEvent } from './violationsProjection.ts'

/**
 * The violations projection validates a fill's check lists once per distinct list
 * (violationsProjection.ts: parseFill): what it accepts, what it refuses and the error it
 * throws (what the runner quarantines) are the catalogue's own.
 */
const checks = [
  { item: 'registered_coded', answer: 'ok' },
  { item: 'residual_gas', answer: 'not_applicable', note: 'new cylinder' },
]
const fill = {
  fillId: '3bbff9b6-71bf-5e44-b130-6aaf6d0ec172',
  cylinderCode: 'CY330108070063847',
  stationId: 'FS-330108-07',
  regionCode: '330108',
  operatorId: 'OP-1',
  filledAt: '2025-07-02T09:15:00+08:00',
  gas: 'LPG',
  quantityKg: 14.5,
  preFillChecks: checks,
  postFillChecks: [{ item: 'no_leak', answer: 'ok' }],
}
const recorded = (data: object, id = 'e1'): RecordedEvent =>
  ({
    id,
    type: 'CylinderFilled',
    streamName: `fill-${id}`,
    revision: 0,
    data,
    metadata: { schemaVersion: 1 },
    recordedAt: new Date('2025-07-02T01:16:00Z'),
    position: { commit: 1, prepare: 1 },
  }) as unknown as RecordedEvent

const catalogueError = (data: object) => {
  try {
    parseCylinderEvent(recorded(data))
  } catch (error) {
    return (error as Error).message
  }
  return undefined
}

t.test('a valid fill reads as the catalogue parses it, the first time and once its lists are known', async (t) => {
  for (const round of [1, 2]) {
    const { event } = parseViolationEvent(recorded(fill, `e${round}`))
    t.same(event, parseCylinderEvent(recorded(fill)), `round ${round}`)
  }
})

t.test('a fill the catalogue refuses throws the catalogue’s error, known lists or not', async (t) => {
  parseViolationEvent(recorded(fill)) // the lists are known from now on
  const refused: [string, object][] = [
    ['a negative quantity', { ...fill, quantityKg: -14.5 }],
    ['a key the schema does not have', { ...fill, extra: 1 }],
    ['a check answer outside the list', { ...fill, preFillChecks: [{ item: 'no_leak', answer: 'maybe' }] }],
    ['a check item with an unknown key', { ...fill, postFillChecks: [{ item: 'no_leak', answer: 'ok', by: 'x' }] }],
    ['no pre-fill check list', { ...fill, preFillChecks: undefined }],
    ['a post-fill check list that is no list', { ...fill, postFillChecks: 'ok' }],
  ]
  for (const [what, data] of refused) {
    const expected = catalogueError(data)
    t.ok(expected, `the catalogue refuses ${what}`)
    t.throws(
      () => parseViolationEvent(recorded(data, 'bad')),
      { message: `CylinderFilled bad does not match its catalogue schema: ${expected}` },
      what,
    )
  }
})
