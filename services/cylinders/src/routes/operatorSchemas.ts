import { z } from 'zod'
import { HappenedDate, IsoDate, IsoDateTime, RegionCode, ScheduledDate } from '@gsr/events'
import {
  OperatorCertificateIssued,
  OperatorCertificateRevoked,
  OperatorCertificateSuspended,
  PersonId,
  WorkCategory,
  workCategories,
} from '@gsr/events/cylinders'
import { occurredAt } from './commandSchemas.ts'

export const IssueOperatorCertificateBody = OperatorCertificateIssued.schema
  .pick({ personId: true, name: true, certificateNo: true, employerOrganisationId: true })
  .extend({
    categories: z.array(WorkCategory).min(1).max(workCategories.length),
    validFrom: ScheduledDate,
    validUntil: ScheduledDate,
    regionCode: RegionCode.optional().describe("default the issuer's region"),
    occurredAt,
  })

export const OperatorParams = z.strictObject({ personId: PersonId, certificateNo: z.string().min(1).max(64) })

export const SuspendBody = OperatorCertificateSuspended.schema.pick({ reason: true }).extend({
  suspendedFrom: HappenedDate,
  suspendedUntil: ScheduledDate.optional(),
  occurredAt,
})
export const ReinstateBody = z.strictObject({ reinstatedOn: HappenedDate, occurredAt })
export const RevokeBody = OperatorCertificateRevoked.schema
  .pick({ reason: true })
  .extend({ revokedOn: HappenedDate, occurredAt })
export const RenewBody = z.strictObject({
  renewedOn: HappenedDate,
  validUntil: ScheduledDate,
  validFrom: ScheduledDate.optional(),
  categories: z.array(WorkCategory).min(1).max(workCategories.length).optional(),
  occurredAt,
})

export const ValidityQuery = z.strictObject({
  category: WorkCategory.default('P'),
  at: IsoDateTime.optional().describe('the instant asked about; default now'),
})

export const OperatorCertificate = z.object({
  certificateNo: z.string(),
  personId: z.string(),
  name: z.string(),
  categories: z.array(z.string()),
  terms: z.array(z.object({ from: z.string(), until: z.string() })),
  suspensions: z.array(z.object({ from: z.string(), until: z.string().optional() })),
  revokedOn: z.string().nullable(),
  issuedBy: z.string(),
  regionCode: z.string(),
  employerOrganisationId: z.string().nullable(),
  status: z.string(),
  asOf: z.string(),
})

export const ValidityReply = z.object({
  personId: z.string(),
  category: z.string(),
  at: z.string(),
  date: z.string(),
  status: z.string(),
  valid: z.boolean(),
  certificates: z.array(OperatorCertificate),
})

export const OperatorListQuery = z.strictObject({
  asOf: IsoDate.optional().describe('status on this date; default today'),
  personId: PersonId.optional(),
  after: z.string().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
})
