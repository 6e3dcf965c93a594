import t from 'tap'
import { cylinderCatalogue, cylinderEventTypes, parseCylinderEvent, upcastCylinderEvent } from './catalogue.ts'

t.test('every event type is defined under its own name, at a schema version', async (t) => {
  t.ok(cylinderEventTypes.length >= 18)
  for (const type of cylinderEventTypes) {
    t.equal(cylinderCatalogue[type].type, type)
    t.ok(cylinderCatalogue[type].schemaVersion >= 1, type)
  }
})

t.test('parse validates strictly; a type outside the catalogue is undefined, not an error', async (t) => {
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
  t.equal(parseCylinderEvent({ type: 'EquipmentRegistered', data: {} }), undefined)
  t.equal(upcastCylinderEvent({ type: 'EquipmentRegistered', data: {} }), undefined)
})
