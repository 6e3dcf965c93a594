import { z } from 'zod'
import { IsoDate, OrganisationId, RegionCode } from '../common.ts'
import { defineEvent } from '../defineEvent.ts'
import { InspectionConclusion, InspectionKind, InspectionSubjectKind } from './InspectionSubject.ts'
import { RuleRef } from './RuleRef.ts'

/**
 * Inspection facts, recorded on the subject's own stream (equipment-, pipeline-, cylinder-).
 * `organisationId`/`region` are the subject's owner and place at that moment, so projections
 * reading only the log can scope them.
 */
const subject = {
  subjectKind: InspectionSubjectKind,
  subjectId: z.string().min(1).max(128),
  organisationId: OrganisationId,
  region: RegionCode,
}

/** By an inspection agency (检验机构). */
export const InspectionResultRecorded = defineEvent(
  'InspectionResultRecorded',
  z.strictObject({
    ...subject,
    agencyId: OrganisationId,
    kind: InspectionKind,
    conclusion: InspectionConclusion,
    reportNumber: z.string().min(1).max(128),
    inspectors: z.array(z.string().min(1).max(128)).min(1),
    inspectionDate: IsoDate,
    /** After pass/conditional pass: the new due date. After fail: the due date is unchanged. */
    nextDueDate: IsoDate.optional(),
    /** Safety grade set by this inspection (pressure vessels, pipelines), when it set one. */
    safetyGrade: z.number().int().min(1).max(5).optional(),
    intervalRule: RuleRef.optional(),
  }),
)

/** 定期检验申报 by the user. `inTime`: declared at least the rule's lead days before dueDate. */
export const PeriodicInspectionDeclared = defineEvent(
  'PeriodicInspectionDeclared',
  z.strictObject({
    ...subject,
    declaredOn: IsoDate,
    dueDate: IsoDate,
    plannedDate: IsoDate.optional(),
    agencyId: OrganisationId.optional(),
    inTime: z.boolean(),
    declarationRule: RuleRef,
  }),
)

/** Raised by the scheduler on the day the due date came within the lead days. */
export const InspectionDue = defineEvent(
  'InspectionDue',
  z.strictObject({
    ...subject,
    dueDate: IsoDate,
    dueOn: IsoDate,
    leadDays: z.number().int().min(0),
    leadDaysRule: RuleRef.optional().describe(
      'the inspectionDueNotice version the lead days came from (absent in events raised before 2026-12)',
    ),
  }),
)

/** Raised by the scheduler on the first day after the due date without a passing inspection. */
export const InspectionOverdue = defineEvent(
  'InspectionOverdue',
  z.strictObject({ ...subject, dueDate: IsoDate, overdueSince: IsoDate }),
)
