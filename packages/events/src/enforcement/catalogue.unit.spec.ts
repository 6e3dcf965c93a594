import t from 'tap'
import { cylinderEventTypes } from '../cylinders/catalogue.ts'
import { equipmentEventTypes } from '../equipment/catalogue.ts'
import { parseCatalogueEvent } from '../parseCatalogueEvent.ts'
import { enforcementEventTypes, parseEnforcementEvent } from './catalogue.ts'

const issued = {
  orderId: 'RO-1',
  enforcementOrganisationId: 'org-team',
  region: '330106',
  organisationId: 'org-station',
  problems: [{ source: 'violation', id: 'v-1', category: 'fill_checks_missing' }],
  issuedOn: '2026-03-02',
  deadline: '2026-03-17',
  legalBasis: [{ category: 'fill_checks_missing', article: '《中华人民共和国特种设备安全法》第八十五条第（一）项' }],
  rule: { name: 'rectificationOrderRules', version: '2014.1' },
}

t.test('the enforcement catalogue: its own type names, checked on append', async (t) => {
  const others = new Set<string>([...equipmentEventTypes, ...cylinderEventTypes])
  t.same(
    enforcementEventTypes.filter((type) => others.has(type)),
    [],
    'no type name shared with another catalogue',
  )
  t.doesNotThrow(() => parseCatalogueEvent({ type: 'RectificationOrderIssued', data: issued }))
  t.throws(() => parseCatalogueEvent({ type: 'RectificationOrderIssued', data: { ...issued, problems: [] } }))
  t.throws(() => parseCatalogueEvent({ type: 'RectificationOrderRechecked', data: { orderId: 'RO-1' } }))
  t.equal(parseEnforcementEvent({ type: 'EquipmentRegistered', data: {} }), undefined, 'another catalogue’s type')
})
