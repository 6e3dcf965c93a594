import t from 'tap'
import { cylinderEventTypes, cylinderUpcasters, parseCylinderEvent, upcastCylinderEvent } from './catalogue.ts'

t.test('every event type has a schema and an upcaster', async (t) => {
  t.ok(cylinderEventTypes.length >= 18)
  for (const type of cylinderEventTypes) t.type(cylinderUpcasters[type], 'function', type)
})

t.test('parse validates strictly; upcast leaves other contexts alone', async (t) => {
  const data = {
    cylinderCode: 'LPG-0001',
    stationId: 'station-1',
    regionCode: '330106',
    endedOn: '2026-01-31',
  }
  t.same(parseCylinderEvent({ type: 'CylinderEntrustmentEnded', data, metadata: { schemaVersion: 1 } }), {
    type: 'CylinderEntrustmentEnded',
    data,
  })
  t.throws(() => parseCylinderEvent({ type: 'CylinderEntrustmentEnded', data: { ...data, extra: 1 } }))
  t.throws(() => parseCylinderEvent({ type: 'CylinderEntrustmentEnded', data: { ...data, regionCode: '33' } }))
  t.throws(() => parseCylinderEvent({ type: 'EquipmentRegistered', data: {} }))
  t.equal(upcastCylinderEvent({ type: 'EquipmentRegistered', data: {} }), undefined)
})
