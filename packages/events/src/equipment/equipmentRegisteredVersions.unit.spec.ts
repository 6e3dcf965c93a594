import t from 'tap'
import { catalogueSchemaVersionOf, upcastCatalogueEvent } from '../parseCatalogueEvent.ts'
import { parseEquipmentEvent, schemaVersionOf } from './catalogue.ts'

/** EquipmentRegistered as a server before version 2 wrote it: identity among the attributes. */
const v1 = {
  registrationCode: 'EL-330106-0001',
  category: 'elevator',
  organisationId: 'org-user-1',
  region: '330106',
  location: '1 West Lake Rd',
  attributes: { model: 'GeN2', manufacturer: 'Hangzhou Lift Works', serialNumber: 'HLW-0117' },
  putIntoServiceDate: '2026-01-10',
  registeredOn: '2026-01-20',
  registrationDeadline: '2026-02-09',
  late: false,
  registrationDeadlineRule: { name: 'registrationDeadline', version: '2022.1' },
  nextInspectionDue: '2027-01-10',
}
const { manufacturer, serialNumber, ...attributes } = v1.attributes
const v2 = { ...v1, attributes, manufacturer, serialNumber }

t.test('EquipmentRegistered is at version 2; a version 1 event is read as version 2', async (t) => {
  t.equal(schemaVersionOf('EquipmentRegistered'), 2)
  t.equal(catalogueSchemaVersionOf('EquipmentRegistered'), 2)
  t.equal(catalogueSchemaVersionOf('CylinderRegistered'), 1)
  t.throws(() => catalogueSchemaVersionOf('NoSuchEvent'))
  const read = parseEquipmentEvent({ type: 'EquipmentRegistered', data: v1, metadata: { schemaVersion: 1 } })
  t.same(read, { type: 'EquipmentRegistered', data: v2 })
  t.same(parseEquipmentEvent({ type: 'EquipmentRegistered', data: v2, metadata: { schemaVersion: 2 } }), read)
  t.throws(
    () => parseEquipmentEvent({ type: 'EquipmentRegistered', data: v1, metadata: { schemaVersion: 2 } }),
    'the v1 shape is not a valid v2 event: the upcaster is what reads it',
  )
})

t.test('an unknown manufacturer or serial number written as an empty string is absent in version 2', async (t) => {
  const blank = { ...v1, attributes: { manufacturer: '', serialNumber: ' ' } }
  const read = parseEquipmentEvent({ type: 'EquipmentRegistered', data: blank, metadata: { schemaVersion: 1 } })
  t.same(read?.data, { ...v1, attributes: {} })
})

t.test('what deciders fold: a stored event lifted to its current version, metadata saying so', async (t) => {
  const stored = {
    id: 'e-1',
    type: 'EquipmentRegistered',
    data: v1 as unknown,
    metadata: { actor: { organisationId: 'o', role: 'r' }, occurredAt: '2026-01-20T00:00:00+08:00', schemaVersion: 1 },
  }
  const lifted = upcastCatalogueEvent(stored)
  t.same(lifted.data, v2)
  t.equal(lifted.metadata.schemaVersion, 2)
  t.equal(lifted.id, 'e-1')
  const current = { ...stored, data: v2, metadata: { ...stored.metadata, schemaVersion: 2 } }
  t.equal(upcastCatalogueEvent(current), current, 'a current event is returned as it is')
  const foreign = { ...stored, type: 'SomethingElse' }
  t.equal(upcastCatalogueEvent(foreign), foreign)
})
