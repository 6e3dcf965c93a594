import { z } from 'zod'
import { HappenedDate, IsoDate, OrganisationId, RegionCode, ScheduledDate } from '@gsr/events'
import {
  ApplianceCertificateIssued,
  ApplianceCertificationFailed,
  ApplianceProductionRecorded,
  ApplianceSaleRecorded,
  ApplianceSpotChecked,
} from '@gsr/events/cylinders'
import { ClientEventId, occurredAt } from './commandSchemas.ts'

/** Bodies take their fields from the event they record; dates get the edge's windows. */
export const IssueApplianceCertificateBody = ApplianceCertificateIssued.schema
  .pick({ certificateNo: true, manufacturerId: true, modelNo: true, category: true, regionCode: true })
  .extend({ validFrom: ScheduledDate, validUntil: ScheduledDate, occurredAt })

export const CertificateParams = z.strictObject({ certificateNo: z.string().min(1).max(64) })

export const CertificationFailedBody = ApplianceCertificationFailed.schema
  .pick({ failure: true, reason: true })
  .extend({ effectiveFrom: HappenedDate, occurredAt })

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

export const ProductionBody = ApplianceProductionRecorded.schema
  .pick({ modelNo: true, category: true, certificateNo: true, quantity: true })
  .extend({
    recordId: ClientEventId.optional(),
    manufacturerId: OrganisationId.optional().describe('default the caller (a manufacturer)'),
    producedOn: HappenedDate,
    regionCode: RegionCode.optional().describe("default the caller's region"),
    occurredAt,
  })

export const SaleBody = ApplianceSaleRecorded.schema
  .pick({ manufacturerId: true, modelNo: true, category: true, certificateNo: true, quantity: true })
  .extend({
    recordId: ClientEventId.optional(),
    sellerId: OrganisationId.optional().describe('default the caller (a seller)'),
    soldOn: HappenedDate,
    regionCode: RegionCode.optional().describe("default the caller's region"),
    occurredAt,
  })

export const SpotCheckBody = ApplianceSpotChecked.schema
  .pick({ category: true, manufacturerId: true, modelNo: true, sampledFromOrganisationId: true, result: true })
  .extend({
    checkId: ClientEventId.optional(),
    sampledOn: HappenedDate,
    items: ApplianceSpotChecked.schema.shape.items.max(64).describe('the items checked (at most 64)'),
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
