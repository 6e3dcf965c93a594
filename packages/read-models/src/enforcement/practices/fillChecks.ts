import { judgeFillChecks, requiredFillChecks } from '@gsr/domain/enforcement'
import { cylinderFacts, fillFact } from './cylinderFill.ts'
import type { Practice } from './Practice.ts'

/**
 * 4 Incomplete pre-/post-fill check (充装前后检查缺项): the items the rule table
 * `cylinderTypeRules` requires for the cylinder's type on the fill day. Facts: the cylinder's
 * type (cylinderFacts). Judge: judgeFillChecks. Cure: none (the check was not done).
 */
export const fillChecks: Practice = {
  name: 'fill_checks_missing',
  eventTypes: ['CylinderFilled'],
  reads: [
    { facts: cylinderFacts, keyOf: (event) => (event.type === 'CylinderFilled' ? event.data.cylinderCode : undefined) },
  ],
  begin: (batch) => ({
    apply({ recorded, event }) {
      if (event.type !== 'CylinderFilled') return
      const fill = fillFact(recorded, event)
      const cylinder = batch.facts(cylinderFacts, fill.cylinderCode)
      const refs = batch.refsOf(recorded, cylinder?.facts ?? [])
      for (const f of judgeFillChecks(fill, requiredFillChecks(cylinder?.type, fill.day)))
        batch.record(f, recorded, refs)
    },
  }),
}
