import { judgeFillCheckOperator } from '@gsr/domain/enforcement'
import type { Practice } from './Practice.ts'

/**
 * 4 Incomplete pre-fill check, sub-reason `pre_fill_check_without_operator`: a check that
 * allowed a fill without naming the operator. Facts: none (the check event says it all).
 * Judge: judgeFillCheckOperator. Cure: none (the check was made as it was).
 */
export const fillCheckOperator: Practice = {
  name: 'fill_check_operator',
  eventTypes: ['CylinderFillChecked'],
  begin: (batch) => ({
    apply({ recorded, event }) {
      if (event.type !== 'CylinderFillChecked') return
      const d = event.data
      const findings = judgeFillCheckOperator({
        eventId: recorded.id,
        checkId: d.checkId,
        cylinderCode: d.cylinderCode,
        stationId: d.stationId,
        region: d.regionCode,
        checkedAt: d.checkedAt,
        decision: d.decision,
        operatorId: d.operatorId,
      })
      for (const f of findings) batch.record(f, recorded, batch.refsOf(recorded))
    },
  }),
}
