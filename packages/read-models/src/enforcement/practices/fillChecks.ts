import { judgeFillChecks, requiredFillChecks } from '@gsr/domain/enforcement'
import { cylinderFacts, fillFactOf } from './cylinderFill.ts'
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
    apply(batchEvent) {
      if (batchEvent.event.type !== 'CylinderFilled') return
      const fill = fillFactOf(batchEvent)
      const cylinder = batch.facts(cylinderFacts, fill.cylinderCode)
      const findings = judgeFillChecks(fill, requiredFillChecks(cylinder?.type, fill.day))
      if (findings.length === 0) return
      const refs = batch.refsOf(batchEvent.recorded, cylinder?.facts ?? [])
      for (const f of findings) batch.record(f, batchEvent.recorded, refs)
    },
  }),
}
