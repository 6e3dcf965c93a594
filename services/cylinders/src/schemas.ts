import { z } from 'zod'
import {
  HappenedAt,
  HappenedDate,
  HistoricalDate,
  IsoDate,
  IsoDateTime,
  OrganisationId,
  RegionCode,
  ScheduledDate,
} from '@gsr/events'
import {
  ApplianceCategory,
  CertificationFailure,
  CheckItemAnswer,
  CylinderCode,
  CylinderInspectionResult,
  CylinderType,
  PersonId,
  PrefillDenyReason,
  WorkCategory,
  workCategories,
} from '@gsr/events/cylinders'

const occurredAt = HappenedAt.optional().describe(
  "when it happened in the field: on the day of the body's field date; default the start of that day (China time), or now",
)

export const RegisterCylinderBody = z.strictObject({
  cylinderCode: CylinderCode,
  cylinderType: CylinderType,
  gas: z.string().min(1).max(64),
  manufacturer: z.string().min(1).max(256),
  serialNumber: z.string().max(128).optional(),
  manufactureDate: HistoricalDate,
  ownerOrganisationId: OrganisationId.optional().describe('owner (产权单位); default the registering station'),
  refurbished: z.boolean().default(false),
  lastInspectionDate: HistoricalDate.optional(),
  registeredOn: HappenedDate.optional().describe('default today (China time)'),
  occurredAt,
})

export const EntrustBody = z.strictObject({
  stationId: OrganisationId.describe('the filling station entrusted (受托充装单位)'),
  entrustedFrom: ScheduledDate.describe('today or later: an entrustment is never back-dated'),
  entrustedUntil: ScheduledDate.optional(),
  contractNo: z.string().max(128).optional(),
  occurredAt,
})

export const EndEntrustmentBody = z.strictObject({ endedOn: HappenedDate, occurredAt })

export const InspectionBody = z.strictObject({
  inspectionDate: HappenedDate,
  result: CylinderInspectionResult,
  reportNo: z.string().min(1).max(128),
  findings: z.string().max(2000).optional(),
  occurredAt,
})

export const ScrapBody = z.strictObject({ scrappedOn: HappenedDate, reason: z.string().min(1).max(2000), occurredAt })

export const CodeParams = z.strictObject({ code: CylinderCode })

export const CylinderView = z.object({
  code: z.string(),
  cylinderType: z.string(),
  gas: z.string(),
  manufacturer: z.string(),
  serialNumber: z.string().nullable(),
  manufactureDate: z.string(),
  ownerOrganisationId: z.string(),
  stationId: z.string(),
  regionCode: z.string(),
  refurbished: z.boolean(),
  registeredOn: z.string(),
  nextInspectionDate: z.string(),
  designLifeEndDate: z.string(),
  lastInspectionDate: z.string().nullable(),
  lastInspectionResult: z.string().nullable(),
  scrappedOn: z.string().nullable(),
  entrustedTo: z.array(z.string()),
  ruleVersion: z.string(),
})

export const Recorded = z.object({
  streamName: z.string(),
  nextExpectedRevision: z.number().int(),
  events: z.array(z.object({ id: z.string(), type: z.string(), data: z.unknown() })),
})

export const TraceReply = z.object({
  cylinderCode: z.string(),
  entries: z.array(
    z.object({
      kind: z.enum(['cylinder', 'fill', 'fill_check']),
      type: z.string(),
      eventId: z.string(),
      at: z.string(),
      organisationId: z.string(),
      data: z.unknown(),
    }),
  ),
})

/**
 * An event id the client makes (a terminal's fill id, a check or record id). Name-based UUIDs
 * (versions 3 and 5) are the server's own: the inspection scheduler, imports and Idempotency-Key
 * retries derive their event ids that way, so a client sending one could take, in advance, an id
 * the server will need (and the fact it names would never be recorded).
 */
const ClientEventId = z
  .uuid()
  .refine(
    (id) => id[14] !== '3' && id[14] !== '5',
    'a name-based UUID (version 3 or 5) is reserved for ids the server derives; send a random (v4) or time-ordered (v7) one',
  )

export const PrefillCheckBody = z.strictObject({
  cylinderCode: CylinderCode,
  operatorId: PersonId.optional().describe('the operator about to fill: their P certificate is checked too'),
  checkId: ClientEventId.optional().describe('id of this check (client-made for retries); default a new UUID'),
})

const Reason = z.object({ code: PrefillDenyReason, 'zh-CN': z.string(), en: z.string() })

export const PrefillCheckReply = z.object({
  checkId: z.string(),
  cylinderCode: z.string(),
  decision: z.enum(['allow', 'deny']),
  reasons: z.array(Reason),
  checkedAt: z.string(),
})

/** One fill as a station terminal records it; stationId and region come from the credential. */
export const FillBody = z.strictObject({
  fillId: ClientEventId.describe('made by the terminal: re-sending the same fill is a no-op'),
  cylinderCode: CylinderCode,
  operatorId: PersonId,
  filledAt: HappenedAt,
  gas: z.string().min(1).max(64),
  quantityKg: z.number().positive().max(100_000),
  preFillChecks: z.array(CheckItemAnswer).max(64),
  postFillChecks: z.array(CheckItemAnswer).max(64),
  prefillCheckId: z.uuid().optional(),
  terminalId: z.string().max(64).optional(),
})
export type FillBody = z.infer<typeof FillBody>

export const FillReply = z.object({
  fillId: z.string(),
  status: z.enum(['recorded', 'duplicate']),
  /** What the record shows at the time of the fill (informative: the fill is recorded regardless). */
  findings: z.object({
    reasons: z.array(PrefillDenyReason),
    missingPreFill: z.array(z.string()),
    missingPostFill: z.array(z.string()),
  }),
})

export const FillBatchBody = z.strictObject({
  fills: z
    .array(z.unknown())
    .min(1)
    .max(500)
    .describe('fills recorded offline, each shaped like the body of POST /fills; validated one by one'),
})

export const FillBatchReply = z.object({
  results: z.array(
    z.object({
      index: z.number().int(),
      fillId: z.string().optional(),
      status: z.enum(['recorded', 'duplicate', 'rejected']),
      problem: z
        .object({
          code: z.string(),
          detail: z.string(),
          errors: z.array(z.object({ field: z.string(), message: z.string() })),
        })
        .optional(),
    }),
  ),
  recorded: z.number().int(),
  duplicates: z.number().int(),
  rejected: z.number().int(),
})

export const StationDayQuery = z.strictObject({
  stationId: OrganisationId.optional().describe('default the caller (a station)'),
  date: IsoDate,
  after: z.string().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
})

export const ListQuery = z.strictObject({
  after: z.string().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
})

export const CylinderListQuery = z.strictObject({
  after: z.string().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  overdueOn: IsoDate.optional().describe('only cylinders overdue for inspection on that date'),
})

/* Operators */

export const IssueOperatorCertificateBody = z.strictObject({
  personId: PersonId,
  name: z.string().min(1).max(128),
  certificateNo: z.string().min(1).max(64),
  categories: z.array(WorkCategory).min(1).max(workCategories.length),
  validFrom: ScheduledDate,
  validUntil: ScheduledDate,
  regionCode: RegionCode.optional().describe("default the issuer's region"),
  employerOrganisationId: OrganisationId.optional(),
  occurredAt,
})

export const OperatorParams = z.strictObject({ personId: PersonId, certificateNo: z.string().min(1).max(64) })

export const SuspendBody = z.strictObject({
  suspendedFrom: HappenedDate,
  suspendedUntil: ScheduledDate.optional(),
  reason: z.string().min(1).max(2000),
  occurredAt,
})
export const ReinstateBody = z.strictObject({ reinstatedOn: HappenedDate, occurredAt })
export const RevokeBody = z.strictObject({ revokedOn: HappenedDate, reason: z.string().min(1).max(2000), occurredAt })
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

/* Appliances (CCC) */

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
