import t from 'tap'
import { cylinderEventTypes } from '../cylinders/catalogue.ts'
import { enforcementEventTypes } from '../enforcement/catalogue.ts'
import { equipmentEventTypes } from '../equipment/catalogue.ts'
import { catalogueSchemaVersionOf, parseCatalogueEvent } from '../parseCatalogueEvent.ts'
import { parseRuleTableEvent } from './catalogue.ts'

const published = {
  table: 'rectificationOrderRules',
  version: '2027.1',
  effectiveFrom: '2027-01-01',
  rules: { defaultDeadlineDays: 30, legalBasis: { a: 'b' } },
  citation: 'Reg. 1',
}

t.test('the rule-table catalogue: its own type names, checked on append', async (t) => {
  const others = new Set<string>([...equipmentEventTypes, ...cylinderEventTypes, ...enforcementEventTypes])
  t.notOk(others.has('RuleVersionPublished'), 'no type name shared with another catalogue')
  t.doesNotThrow(() => parseCatalogueEvent({ type: 'RuleVersionPublished', data: published }))
  t.equal(catalogueSchemaVersionOf('RuleVersionPublished'), 1)
  t.throws(() => parseCatalogueEvent({ type: 'RuleVersionPublished', data: { ...published, version: '../x' } }))
  t.throws(() => parseCatalogueEvent({ type: 'RuleVersionPublished', data: { ...published, citation: '' } }))
  t.throws(() => parseCatalogueEvent({ type: 'RuleVersionPublished', data: { ...published, rules: undefined } }))
  t.equal(parseRuleTableEvent({ type: 'EquipmentRegistered', data: {} }), undefined, 'another catalogue’s type')
})
