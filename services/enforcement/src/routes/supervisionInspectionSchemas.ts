import { z } from 'zod'
import { HappenedDate, IsoDate, OrganisationId, RegionCode, ScheduledDate } from '@gsr/events'
import { FindingId } from '@gsr/events/equipment'
import {
  ChecklistItemResult,
  ChecklistSubjectKind,
  InspectionAssignmentId,
  Inspector,
  SupervisionInspectionId,
} from '@gsr/events/enforcement'
import { occurredAt } from './occurredAt.ts'

export const RecordInspectionBody = z
  .strictObject({
    inspectionId: SupervisionInspectionId.optional().describe('default: a new id'),
    region: RegionCode.describe('the region inspected: the team’s region or below, or one an assignment covers'),
    organisationId: OrganisationId.describe('the organisation inspected'),
    site: z.string().min(1).max(512).optional(),
    subjectKind: ChecklistSubjectKind.describe('which checklist of the rule table supervisionChecklists'),
    inspectedOn: HappenedDate,
    inspectors: z.array(Inspector).min(2).max(10).describe('two inspectors at least (执法人员不少于两人)'),
    items: z.array(ChecklistItemResult).min(1).max(100).describe('every item of the checklist, answered'),
    result: z.enum(['no_problem', 'problems_found']),
    findingIds: z
      .array(FindingId)
      .max(100)
      .default([])
      .describe('the field findings (POST /field-findings/…) that record the problems found, that day'),
    photoReferences: z.array(z.string().min(1).max(512)).max(20).default([]),
    assignmentId: InspectionAssignmentId.optional().describe('for a region outside the team’s: the assignment'),
    notes: z.string().max(4096).optional(),
    occurredAt,
  })
  .meta({
    examples: [
      {
        region: '330106',
        organisationId: 'org-station',
        subjectKind: 'elevator_user',
        inspectedOn: '2026-03-02',
        inspectors: [{ name: '张三' }, { name: '李四' }],
        items: [{ itemId: 'use_registration', result: 'passed' }],
        result: 'no_problem',
      },
    ],
  })

export const AssignInspectionBody = z
  .strictObject({
    assignmentId: InspectionAssignmentId.optional().describe('default: a new id'),
    teamOrganisationId: OrganisationId.describe('the enforcement organisation sent'),
    region: RegionCode.describe('the region it inspects (outside its own, inside yours)'),
    assignedOn: HappenedDate.describe('the day it was assigned'),
    from: ScheduledDate.describe('first day'),
    to: ScheduledDate.describe('last day'),
    notes: z.string().max(4096).optional(),
    occurredAt,
  })
  .meta({
    examples: [
      {
        teamOrganisationId: 'org-team-b',
        region: '330106',
        assignedOn: '2026-02-20',
        from: '2026-03-01',
        to: '2026-03-31',
      },
    ],
  })

export const InspectionParams = z.strictObject({ inspectionId: SupervisionInspectionId })

export const InspectionQuery = z.strictObject({
  region: RegionCode.optional().describe('region and below; default: the caller’s scope'),
  organisationId: z.string().min(1).max(64).optional(),
  result: z.enum(['no_problem', 'problems_found']).optional(),
  on: IsoDate.optional().describe('inspections made by this day (China time); default today'),
  after: z.string().min(1).max(200).optional().describe('cursor from the previous page'),
  limit: z.coerce.number().int().min(1).max(500).default(50),
})

const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM')

export const StatisticsQuery = z.strictObject({
  region: RegionCode.optional().describe('region and below; default: the caller’s scope'),
  from: Month.optional().describe('first month, YYYY-MM'),
  to: Month.optional().describe('last month, YYYY-MM'),
})

export const SupervisionInspection = z.object({
  inspectionId: z.string(),
  enforcementOrganisationId: z.string(),
  region: z.string(),
  organisationId: z.string(),
  site: z.string().nullable(),
  subjectKind: z.string(),
  inspectedOn: z.string(),
  inspectors: z.array(z.object({ name: z.string(), certificateNumber: z.string().optional() })),
  items: z.array(
    z.object({
      itemId: z.string(),
      result: z.enum(['passed', 'failed', 'not_applicable']),
      notes: z.string().optional(),
    }),
  ),
  result: z.enum(['no_problem', 'problems_found']),
  findingIds: z.array(z.string()),
  photoReferences: z.array(z.string()),
  assignmentId: z.string().nullable(),
  checklist: z.object({ name: z.string(), version: z.string() }),
  notes: z.string().nullable(),
  evidence: z.object({ recordedEventId: z.string() }),
})

export const InspectionStatistics = z.object({
  items: z.array(
    z.object({
      region: z.string(),
      month: z.string(),
      done: z.number().int(),
      withProblems: z.number().int(),
      clean: z.number().int(),
    }),
  ),
})

export const ChecklistQuery = z.strictObject({
  on: IsoDate.optional().describe('the inspection day (China time); default today'),
})

export const Checklists = z.object({
  on: z.string(),
  rule: z.object({ name: z.string(), version: z.string() }),
  checklists: z.array(
    z.object({
      subjectKind: ChecklistSubjectKind,
      items: z.array(
        z.object({
          itemId: z.string(),
          zh: z.string(),
          en: z.string(),
          source: z.string(),
          unverified: z.boolean().describe('the source was read in general, not checked clause by clause'),
        }),
      ),
    }),
  ),
})
