import { z } from 'zod'
import { HappenedDate, IsoDate, OrganisationId, RegionCode, ScheduledDate } from '@gsr/events'
import { ApplianceCategory, CertificationFailure } from '@gsr/events/cylinders'
import { ClientEventId, occurredAt } from './commandSchemas.ts'

export const IssueApplianceCertificateBody = z.strictObject({
  certificateNo: z.string().min(1).max(64),
  manufacturerId: OrganisationId,
  modelNo: z.string().min(1).max(128),
  category: ApplianceCategory,
  validFrom: ScheduledDate,
  validUntil: ScheduledDate,
  regionCode: RegionCode.describe("manufacturer's region"),
  occurredAt,
})

export const CertificateParams = z.strictObject({ certificateNo: z.string().min(1).max(64) })

export const CertificationFailedBody = z.strictObject({
  failure: CertificationFailure,
  effectiveFrom: HappenedDate,
  reason: z.string().min(1).max(2000),
  occurredAt,
})

export const ReinstateCertificateBody = z.strictObject({ effectiveFrom: HappenedDate, occurredAt })

export const ApplianceCertificate = z.object({
  certificateNo: z.string(),
  certificationBodyId: z.string(),
  manufacturerId: z.string(),
  modelNo: z.string(),
  category: z.string(),
  validFrom: z.string(),
  validUntil: z.string(),
  regionCode: z.string(),
  changes: z.array(
    z.object({ kind: z.string(), effectiveFrom: z.string(), reason: z.string().optional(), eventId: z.string() }),
  ),
  status: z.string(),
  asOf: z.string(),
})

export const CertificateListQuery = z.strictObject({
  asOf: IsoDate.optional(),
  manufacturerId: OrganisationId.optional(),
  modelNo: z.string().min(1).max(128).optional(),
  after: z.string().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
})

export const ProductionBody = z.strictObject({
  recordId: ClientEventId.optional(),
  manufacturerId: OrganisationId.optional().describe('default the caller (a manufacturer)'),
  modelNo: z.string().min(1).max(128),
  category: ApplianceCategory,
  certificateNo: z.string().min(1).max(64).optional(),
  producedOn: HappenedDate,
  quantity: z.number().int().positive(),
  regionCode: RegionCode.optional().describe("default the caller's region"),
  occurredAt,
})

export const SaleBody = z.strictObject({
  recordId: ClientEventId.optional(),
  sellerId: OrganisationId.optional().describe('default the caller (a seller)'),
  manufacturerId: OrganisationId,
  modelNo: z.string().min(1).max(128),
  category: ApplianceCategory,
  certificateNo: z.string().min(1).max(64).optional(),
  soldOn: HappenedDate,
  quantity: z.number().int().positive(),
  regionCode: RegionCode.optional().describe("default the caller's region"),
  occurredAt,
})

export const SpotCheckBody = z.strictObject({
  checkId: ClientEventId.optional(),
  category: ApplianceCategory,
  manufacturerId: OrganisationId,
  modelNo: z.string().min(1).max(128),
  sampledFromOrganisationId: OrganisationId,
  sampledOn: HappenedDate,
  result: z.enum(['pass', 'fail']),
  items: z
    .array(
      z.strictObject({
        item: z.string().min(1).max(128),
        result: z.enum(['pass', 'fail']),
        note: z.string().max(500).optional(),
      }),
    )
    .min(1)
    .max(64)
    .describe('the items checked (at most 64)'),
  regionCode: RegionCode.optional(),
  occurredAt,
})

export const RecordListQuery = z.strictObject({
  kind: z.enum(['production', 'sale']).optional(),
  after: z.string().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
})

export const ApplianceRecord = z.object({
  recordId: z.string(),
  kind: z.enum(['production', 'sale']),
  organisationId: z.string(),
  manufacturerId: z.string(),
  modelNo: z.string(),
  category: z.string(),
  certificateNo: z.string().nullable(),
  date: z.string(),
  quantity: z.number(),
  regionCode: z.string(),
  source: z.string(),
  recordedBy: z.string(),
  eventId: z.string(),
  certification: z.object({ status: z.string(), certificateNo: z.string().nullable() }),
})

export const ListQuery = z.strictObject({
  after: z.string().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
})
