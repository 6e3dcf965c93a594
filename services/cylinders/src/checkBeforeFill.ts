import type { SqlClient } from '@gsr/db'
import { newEventId, type EventMetadata, type EventStore } from '@gsr/event-store'
import { chinaDate, fillingWorkCategory, operatorCertificateStatusOn, prefillCheck } from '@gsr/domain/cylinders'
import { cylinderStreams, type CylinderEventData } from '@gsr/events/cylinders'
import { loadPrefillFacts } from '@gsr/read-models/cylinders'

export interface CheckBeforeFillInput {
  readonly cylinderCode: string
  readonly stationId: string
  readonly regionCode: string
  readonly operatorId?: string | undefined
  readonly checkId?: string | undefined
  readonly now: Date
}

/**
 * "May station S fill cylinder C now?": one read-model query, the pure rule, one append (the
 * answer is evidence, allow or deny). Stream `fillcheck-<checkId>`, event id = checkId; a check id
 * made here is time-ordered (newEventId), so each check's new stream and event land at the
 * edge of the event store's indexes, not on a random page.
 */
export async function checkBeforeFill(
  deps: { sql: SqlClient; eventStore: EventStore },
  input: CheckBeforeFillInput,
  metadata: EventMetadata,
): Promise<CylinderEventData<'CylinderFillChecked'>> {
  const date = chinaDate(input.now)
  const facts = await loadPrefillFacts(deps.sql, input)
  const operatorStatus =
    input.operatorId === undefined
      ? undefined
      : operatorCertificateStatusOn(facts.certificates, fillingWorkCategory, date)
  const answer = prefillCheck({ cylinder: facts.cylinder, stationId: input.stationId, date, operatorStatus })
  const checkId = input.checkId ?? newEventId(input.now.getTime())
  const checkedAt = input.now.toISOString()
  const c = facts.cylinder
  const data: CylinderEventData<'CylinderFillChecked'> = {
    checkId,
    cylinderCode: input.cylinderCode,
    stationId: input.stationId,
    regionCode: input.regionCode,
    ...(input.operatorId !== undefined ? { operatorId: input.operatorId } : {}),
    checkedAt,
    decision: answer.decision,
    reasons: [...answer.reasons],
    basis: {
      registered: c !== undefined,
      ...(c
        ? {
            ownerOrganisationId: c.ownerOrganisationId,
            nextInspectionDate: c.nextInspectionDate,
            designLifeEndDate: c.designLifeEndDate,
            ...(c.lastInspectionResult ? { lastInspectionResult: c.lastInspectionResult } : {}),
          }
        : {}),
      ...(operatorStatus !== undefined ? { operatorCertificateStatus: operatorStatus } : {}),
    },
  }
  await deps.eventStore.appendToStream(
    cylinderStreams.fillCheck(checkId),
    [{ id: checkId, type: 'CylinderFillChecked', data, metadata: { ...metadata, occurredAt: checkedAt } }],
    { expectedRevision: 'any' },
  )
  return data
}
