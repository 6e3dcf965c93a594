import { z } from 'zod'
import { IsoDate, OrganisationId, RegionCode } from '../common.ts'
import { defineEvent } from '../defineEvent.ts'
import { FindingId } from '../equipment/fieldFindingEvents.ts'

/**
 * Stream `supervision-inspection-<inspectionId>`: a routine supervision inspection (日常监督检查)
 * an enforcement team made of an organisation or site, item by item against the checklist of
 * the rule table `supervisionChecklists` for the kind of subject. Problems found are field
 * findings (`finding-<id>`, recorded through /field-findings): the inspection names their ids.
 */
export const SupervisionInspectionId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9-]{2,63}$/)
export const supervisionInspectionStreamName = (inspectionId: string): string =>
  `supervision-inspection-${inspectionId}`

/** Stream `inspection-assignment-<assignmentId>`: a cross-region mutual check (异地交叉互查). */
export const InspectionAssignmentId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9-]{2,63}$/)
export const inspectionAssignmentStreamName = (assignmentId: string): string => `inspection-assignment-${assignmentId}`

export const ChecklistSubjectKind = z.enum(['lpg_filling_station', 'gas_pipeline_user', 'elevator_user', 'boiler_user'])
export type ChecklistSubjectKind = z.infer<typeof ChecklistSubjectKind>

export const ChecklistItemResult = z.strictObject({
  itemId: z.string().regex(/^[a-z][a-z0-9_]{1,63}$/),
  result: z.enum(['passed', 'failed', 'not_applicable']),
  notes: z.string().max(1024).optional(),
})

/** Law enforcement by two people at least (《行政处罚法》第四十二条): named, with their certificate numbers. */
export const Inspector = z.strictObject({
  name: z.string().min(1).max(64),
  certificateNumber: z.string().min(1).max(64).optional().describe('执法证号'),
})

export const SupervisionInspectionRecorded = defineEvent(
  'SupervisionInspectionRecorded',
  z.strictObject({
    inspectionId: SupervisionInspectionId,
    enforcementOrganisationId: OrganisationId,
    /** The region inspected (the subject's), not necessarily the team's: see `assignmentId`. */
    region: RegionCode,
    organisationId: OrganisationId.describe('the organisation inspected'),
    site: z.string().min(1).max(512).optional().describe('the site, when not the organisation’s seat'),
    subjectKind: ChecklistSubjectKind,
    inspectedOn: IsoDate,
    inspectors: z.array(Inspector).min(2).max(10),
    items: z.array(ChecklistItemResult).min(1).max(100),
    result: z.enum(['no_problem', 'problems_found']),
    findingIds: z.array(FindingId).max(100),
    photoReferences: z.array(z.string().min(1).max(512)).max(20),
    /** An inspection outside the team's region: the assignment that sent it there. */
    assignmentId: InspectionAssignmentId.optional(),
    checklist: z.strictObject({ name: z.string(), version: z.string() }),
    notes: z.string().max(4096).optional(),
  }),
)

/**
 * A cross-region mutual check assigned by the level above: an enforcement organisation whose
 * region contains both the team's region and the region to inspect, for a window of days.
 */
export const InspectionAssigned = defineEvent(
  'InspectionAssigned',
  z.strictObject({
    assignmentId: InspectionAssignmentId,
    assigningOrganisationId: OrganisationId,
    assigningRegion: RegionCode,
    teamOrganisationId: OrganisationId,
    teamRegion: RegionCode,
    region: RegionCode.describe('the region the team inspects'),
    assignedOn: IsoDate,
    from: IsoDate,
    to: IsoDate,
    notes: z.string().max(4096).optional(),
  }),
)
