import { z } from 'zod'
import { IsoDate, OrganisationId, RegionCode } from '../common.ts'
import { defineEvent } from '../defineEvent.ts'
import { RuleRef } from './RuleRef.ts'

/**
 * Stream `pipeline-<pipelineId>`: a gas pressure pipeline's lifecycle behind the "four 100%".
 * Stages may arrive in any order (a pipeline found in the field before anyone notified it):
 * each is a fact; the read model says what is missing.
 */
export const PipelineId = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9-]{2,63}$/, 'letters, digits and dashes, 3-64 characters')
  .describe('pipeline id (管道编号)')

export const pipelineStreamName = (pipelineId: string): string => `pipeline-${pipelineId}`

/**
 * What identifies a pipeline in the construction project's papers, besides its id: the project
 * (工程编号) and the section (管段编号) it was built as. Optional; given by the installer's
 * notification or the user's in-use record.
 */
export const PipelineProjectIdentity = {
  projectCode: z.string().min(1).max(128).optional().describe('construction project number (工程编号)'),
  sectionCode: z.string().min(1).max(128).optional().describe('pipeline section number (管段编号)'),
}

const PipelineGrade = z
  .string()
  .regex(/^(GA|GB|GC|GD)[0-9]?$/)
  .describe('pipeline grade, e.g. GB1 (管道级别)')

/** 施工告知 by the installer, before construction starts. */
export const PipelineConstructionNotified = defineEvent(
  'PipelineConstructionNotified',
  z.strictObject({
    pipelineId: PipelineId,
    installerId: OrganisationId,
    organisationId: OrganisationId.describe('the using organisation (使用单位)'),
    region: RegionCode,
    name: z.string().min(1).max(256),
    location: z.string().min(1).max(512),
    grade: PipelineGrade,
    lengthMeters: z.number().positive().optional(),
    plannedStartDate: IsoDate,
    notifiedOn: IsoDate,
    ...PipelineProjectIdentity,
  }),
)

/** Construction started: reported by the installer, or found in the field by enforcement. */
export const PipelineConstructionStarted = defineEvent(
  'PipelineConstructionStarted',
  z.strictObject({
    pipelineId: PipelineId,
    region: RegionCode,
    organisationId: OrganisationId.optional(),
    installerId: OrganisationId.optional(),
    location: z.string().min(1).max(512).optional(),
    startedOn: IsoDate,
    source: z.enum(['reported', 'found']),
    reportedBy: OrganisationId,
  }),
)

/**
 * The using organisation and/or installer of a pipeline first known without them (found in the
 * field, reported by an installer without its client), named later: each only once.
 */
export const PipelinePartiesNamed = defineEvent(
  'PipelinePartiesNamed',
  z.strictObject({
    pipelineId: PipelineId,
    region: RegionCode,
    organisationId: OrganisationId.optional(),
    installerId: OrganisationId.optional(),
    namedOn: IsoDate,
    namedBy: OrganisationId,
  }),
)

/** 安装监检申报. */
export const InstallationInspectionDeclared = defineEvent(
  'InstallationInspectionDeclared',
  z.strictObject({
    pipelineId: PipelineId,
    organisationId: OrganisationId,
    region: RegionCode,
    installerId: OrganisationId.optional(),
    agencyId: OrganisationId.optional(),
    declaredOn: IsoDate,
  }),
)

export const PipelineRecordValue = z.union([z.string().max(1024), z.number()])

/** 在用管道信息录入: the record's fields, and which required ones (per the rule table) are missing. */
export const PipelineInUseRecorded = defineEvent(
  'PipelineInUseRecorded',
  z.strictObject({
    pipelineId: PipelineId,
    organisationId: OrganisationId,
    region: RegionCode,
    record: z.record(z.string().min(1).max(64), PipelineRecordValue),
    missingFields: z.array(z.string()),
    complete: z.boolean(),
    requiredFieldsRule: RuleRef,
    recordedOn: IsoDate,
    putIntoServiceDate: IsoDate.optional(),
    safetyGrade: z.number().int().min(1).max(5).optional(),
    /** Set when the record carries the next periodic inspection date (or the rule derived it). */
    nextInspectionDue: IsoDate.optional(),
    nextInspectionDueRule: RuleRef.optional().describe(
      'the inspectionIntervals version, when the due date was derived here (absent in events before 2026-12)',
    ),
    ...PipelineProjectIdentity,
  }),
)
