import { prefillCheck } from '../cylinders/prefillCheck.ts'
import type { ViolationFinding } from './ViolationFinding.ts'
import type { ViolationSubReason } from './violationCatalogue.ts'
import type { CylinderStateAt } from './cylinderStateAt.ts'

/** A fill record, as far as the enforcement rules care. */
export interface FillFact {
  readonly eventId: string
  readonly fillId: string
  readonly cylinderCode: string
  readonly stationId: string
  readonly region: string
  readonly operatorPersonId: string
  /** ISO instant of the fill, and its field day in China time. */
  readonly filledAt: string
  readonly day: string
  readonly preFillItems: readonly string[]
  readonly postFillItems: readonly string[]
}

/**
 * Practice 3 (充装不符合要求气瓶): one violation per reason the cylinder was not fillable by
 * this station on the fill day, judged from its state on that day. The reasons are those of
 * the station's own pre-fill check (`prefillCheck`, packages/domain/src/cylinders): one rule,
 * asked before the fill by the station and after it by enforcement. Evidence per reason is the
 * event that established the fact behind it.
 */
export function judgeCylinderFill(fill: FillFact, state: CylinderStateAt): ViolationFinding[] {
  const registered = state.registered
  const answer = prefillCheck({
    cylinder: registered && {
      ownerOrganisationId: registered.value.ownerOrganisationId,
      refurbished: registered.value.refurbished || state.markedRefurbished !== undefined,
      nextInspectionDate: state.nextInspectionDate?.value ?? '9999-12-31',
      designLifeEndDate: state.designLifeEndDate?.value ?? registered.value.designLifeEndDate,
      lastInspectionResult: state.lastInspection?.value,
      scrapped: state.scrapped !== undefined,
      entrustments: state.entrustedTo.has(fill.stationId) ? [{ from: fill.day, until: fill.day }] : [],
    },
    stationId: fill.stationId,
    date: fill.day,
  })
  const proof: Record<string, { evidence: (string | undefined)[]; details?: Record<string, unknown> }> = {
    unregistered: { evidence: [] },
    not_owned_nor_entrusted: {
      evidence: [registered?.eventId],
      details: { ownerOrganisationId: registered?.value.ownerOrganisationId },
    },
    refurbished: registered?.value.refurbished
      ? { evidence: [registered.eventId] }
      : { evidence: [state.markedRefurbished?.eventId], details: { markedOn: state.markedRefurbished?.value } },
    inspection_overdue: {
      evidence: [state.nextInspectionDate?.eventId],
      details: { nextInspectionDate: state.nextInspectionDate?.value },
    },
    failed_last_inspection: { evidence: [state.lastInspection?.eventId] },
    scrapped: { evidence: [state.scrapped?.eventId], details: { scrappedOn: state.scrapped?.value } },
    past_design_life: {
      evidence: [state.designLifeEndDate?.eventId ?? registered?.eventId],
      details: { designLifeEndDate: state.designLifeEndDate?.value ?? registered?.value.designLifeEndDate },
    },
  }
  return answer.reasons
    .filter((reason) => reason !== 'operator_not_certified')
    .map((reason) => ({
      category: 'noncompliant_cylinder_filled' as const,
      subReason: reason as ViolationSubReason,
      subjectKind: 'fill',
      subjectId: fill.fillId,
      organisationId: fill.stationId,
      region: fill.region,
      occurredAt: fill.filledAt,
      evidence: [fill.eventId, ...(proof[reason]?.evidence.filter((id): id is string => id !== undefined) ?? [])],
      details: { cylinderCode: fill.cylinderCode, ...proof[reason]?.details },
    }))
}
