import { z } from 'zod'
import { IsoDate, IsoDateTime, OrganisationId, RegionCode } from '../common.ts'
import { defineEvent } from '../defineEvent.ts'
import { EquipmentCategory, EquipmentIdentity } from './EquipmentCategory.ts'
import { PipelineId } from './pipelineEvents.ts'

/**
 * Stream `finding-<findingId>`: what an enforcement team saw in the field. Facts for the
 * violation projections ("unregistered equipment in use", "operator without certificate").
 */
export const FindingId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9-]{2,63}$/)
export const findingStreamName = (findingId: string): string => `finding-${findingId}`

/**
 * Equipment seen in use; `registrationCode` absent means none was shown or found. What
 * identifies it on site is recorded even then: the manufacturer and its serial number (出厂编号)
 * from the nameplate (a later registration of the same pair cures the finding), the nameplate's
 * text, a description and a reference to the team's photo.
 */
export const EquipmentFoundInUse = defineEvent(
  'EquipmentFoundInUse',
  z.strictObject({
    findingId: FindingId,
    enforcementOrganisationId: OrganisationId,
    region: RegionCode,
    location: z.string().min(1).max(512),
    foundOn: IsoDate,
    category: EquipmentCategory,
    registrationCode: z.string().min(1).max(64).optional(),
    usingOrganisationId: OrganisationId.optional(),
    description: z.string().max(2048).optional(),
    ...EquipmentIdentity,
    plate: z.string().min(1).max(1024).optional().describe('the nameplate as read on site (铭牌)'),
    photoReference: z
      .string()
      .min(1)
      .max(512)
      .optional()
      .describe('where the team keeps its photo (a file name or URL in its own records)'),
  }),
)

/** An operation seen performed, by whom and in which work category (for the certificate check). */
export const OperationFoundPerformed = defineEvent(
  'OperationFoundPerformed',
  z.strictObject({
    findingId: FindingId,
    enforcementOrganisationId: OrganisationId,
    region: RegionCode,
    location: z.string().min(1).max(512),
    foundOn: IsoDate,
    performedAt: IsoDateTime,
    operatorPersonId: z.string().min(1).max(64),
    workCategory: z.string().regex(/^[A-Z][0-9]?$/, 'TSG Z6001 work category code, e.g. P, Q2, N1'),
    organisationId: OrganisationId.describe('the organisation the operator worked for'),
    registrationCode: z.string().min(1).max(64).optional(),
    description: z.string().max(2048).optional(),
  }),
)

/**
 * A gas pressure pipeline seen in use (with or without an in-use record), on the pipeline's
 * stream `pipeline-<pipelineId>`: from `foundOn` it is in the in-use denominator of the four
 * rates. The team may name the using organisation and the installer it identified on site.
 */
export const PipelineFoundInUse = defineEvent(
  'PipelineFoundInUse',
  z.strictObject({
    findingId: FindingId,
    enforcementOrganisationId: OrganisationId,
    pipelineId: PipelineId,
    region: RegionCode,
    location: z.string().min(1).max(512),
    foundOn: IsoDate,
    organisationId: OrganisationId.optional(),
    installerId: OrganisationId.optional(),
    description: z.string().max(2048).optional(),
  }),
)

/**
 * The enforcement team of the finding's region links an "equipment found in use" finding to the
 * registration of the equipment it saw (the code unknown or misread on site, the nameplate not
 * legible): from then the finding is read as that equipment, and a registration made after the
 * finding cures it, dated by the registration's field day.
 */
export const FindingLinkedToRegistration = defineEvent(
  'FindingLinkedToRegistration',
  z.strictObject({
    findingId: FindingId,
    enforcementOrganisationId: OrganisationId,
    region: RegionCode,
    registrationCode: z.string().min(1).max(64),
    linkedOn: IsoDate,
  }),
)
