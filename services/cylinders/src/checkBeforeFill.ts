import type { SqlClient } from '@gsr/db'
import { EventIdConflictError, newEventId, type EventMetadata, type EventStore } from '@gsr/event-store'
import { chinaDate } from '@gsr/domain'
import { fillingWorkCategory, operatorCertificateStatusOn, prefillCheck } from '@gsr/domain/cylinders'
import { cylinderStreams, type CylinderEventData } from '@gsr/events/cylinders'
import { ProblemError } from '@gsr/http-kit'
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
 *
 * A retry with the client's check id answers what was recorded the first time, not a new
 * judgement (the cylinder may have changed since; the terminal acted on the first answer). The
 * append of the fresh answer is refused as an id conflict (its `checkedAt` differs), and only
 * then is the recorded one read: the first try stays two round trips. A check id recorded for
 * another station, cylinder or operator (or for anything else) is a 409 `check-id-conflict`.
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
      : operatorCertificateStatusOn(facts.certificates, fillingWorkCategory, date).status
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
  try {
    await deps.eventStore.appendToStream(
      cylinderStreams.fillCheck(checkId),
      [{ id: checkId, type: 'CylinderFillChecked', data, metadata: { ...metadata, occurredAt: checkedAt } }],
      { expectedRevision: 'any' },
    )
    return data
  } catch (error) {
    if (!(error instanceof EventIdConflictError)) throw error
    const recorded = await recordedAnswer(deps.eventStore, checkId)
    if (recorded && sameQuestion(recorded, data)) return recorded
    throw new ProblemError({
      code: 'check-id-conflict',
      detail: {
        en: 'this check id is already used for another check',
        'zh-CN': '该核验编号已用于另一次核验',
      },
      errors: [{ field: 'checkId', message: 'already used for another check', in: 'body' }],
    })
  }
}

/** The answer recorded under a check id, if that id names a pre-fill check. */
async function recordedAnswer(
  store: EventStore,
  checkId: string,
): Promise<CylinderEventData<'CylinderFillChecked'> | undefined> {
  const [first] = await store.readStream(cylinderStreams.fillCheck(checkId), { maxCount: 1 })
  if (first?.id !== checkId || first.type !== 'CylinderFillChecked') return undefined
  return first.data as CylinderEventData<'CylinderFillChecked'>
}

/** A retry asks the same question: same station, cylinder and operator. */
function sameQuestion(
  recorded: CylinderEventData<'CylinderFillChecked'>,
  asked: CylinderEventData<'CylinderFillChecked'>,
): boolean {
  return (
    recorded.stationId === asked.stationId &&
    recorded.cylinderCode === asked.cylinderCode &&
    recorded.operatorId === asked.operatorId
  )
}
