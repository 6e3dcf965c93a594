import { z } from 'zod'
import { defineEvent } from '../defineEvent.ts'
import { IsoDate, OrganisationId, RegionCode } from '../common.ts'

/** Products under CCC (household gas appliances) or supervision spot checks (leak alarms). */
export const ApplianceCategory = z
  .enum(['gas_stove', 'gas_water_heater', 'gas_heating_water_heater', 'gas_leak_alarm'])
  .describe(
    'household gas stove (家用燃气灶具), water heater (燃气热水器), heating water heater (燃气采暖热水炉), gas leak alarm (燃气报警器)',
  )
export type ApplianceCategory = z.infer<typeof ApplianceCategory>

const CertificateNo = z.string().min(1).max(64).describe('CCC certificate number (证书编号)')
const ModelNo = z.string().min(1).max(128).describe('product model (型号)')

/** Stream `certificate-<certificateNo>`. */
export const ApplianceCertificateIssued = defineEvent(
  'ApplianceCertificateIssued',
  z.strictObject({
    certificateNo: CertificateNo,
    certificationBodyId: OrganisationId,
    manufacturerId: OrganisationId,
    modelNo: ModelNo,
    category: ApplianceCategory,
    validFrom: IsoDate,
    validUntil: IsoDate.describe('last valid day'),
    regionCode: RegionCode.describe("manufacturer's region"),
  }),
)

export const CertificationFailure = z
  .enum(['suspended', 'revoked', 'expired', 'cancelled'])
  .describe('suspended (暂停), revoked (撤销), expired (过期), cancelled (注销)')
export type CertificationFailure = z.infer<typeof CertificationFailure>

/** Suspended, revoked, expired or cancelled: each a "certification failed" fact with its reason. */
export const ApplianceCertificationFailed = defineEvent(
  'ApplianceCertificationFailed',
  z.strictObject({
    certificateNo: CertificateNo,
    manufacturerId: OrganisationId,
    modelNo: ModelNo,
    failure: CertificationFailure,
    effectiveFrom: IsoDate.describe('first day the certificate is not valid'),
    reason: z.string().min(1).max(2000),
    regionCode: RegionCode,
  }),
)

/** A suspension lifted. */
export const ApplianceCertificateReinstated = defineEvent(
  'ApplianceCertificateReinstated',
  z.strictObject({
    certificateNo: CertificateNo,
    manufacturerId: OrganisationId,
    modelNo: ModelNo,
    effectiveFrom: IsoDate,
    regionCode: RegionCode,
  }),
)

export const RecordSource = z
  .enum(['reported', 'enforcement'])
  .describe('reported by the manufacturer/seller (自报) or found by enforcement (执法发现)')

/** Stream `appliance-production-<recordId>`. */
export const ApplianceProductionRecorded = defineEvent(
  'ApplianceProductionRecorded',
  z.strictObject({
    recordId: z.uuid(),
    manufacturerId: OrganisationId,
    modelNo: ModelNo,
    category: ApplianceCategory,
    certificateNo: CertificateNo.optional().describe('the certificate claimed, if any'),
    producedOn: IsoDate,
    quantity: z.number().int().positive(),
    regionCode: RegionCode,
    source: RecordSource,
    recordedBy: OrganisationId,
  }),
)

/** Stream `appliance-sale-<recordId>`. */
export const ApplianceSaleRecorded = defineEvent(
  'ApplianceSaleRecorded',
  z.strictObject({
    recordId: z.uuid(),
    sellerId: OrganisationId,
    manufacturerId: OrganisationId,
    modelNo: ModelNo,
    category: ApplianceCategory,
    certificateNo: CertificateNo.optional(),
    soldOn: IsoDate,
    quantity: z.number().int().positive(),
    regionCode: RegionCode.describe("seller's region"),
    source: RecordSource,
    recordedBy: OrganisationId,
  }),
)

/** Stream `spot-check-<checkId>`: supervision spot check (监督抽查) of an appliance or alarm. */
export const ApplianceSpotChecked = defineEvent(
  'ApplianceSpotChecked',
  z.strictObject({
    checkId: z.uuid(),
    category: ApplianceCategory,
    manufacturerId: OrganisationId,
    modelNo: ModelNo,
    sampledFromOrganisationId: OrganisationId.describe('where the sample was taken (被抽样单位)'),
    sampledOn: IsoDate,
    result: z.enum(['pass', 'fail']),
    items: z
      .array(
        z.strictObject({
          item: z.string().min(1).max(128),
          result: z.enum(['pass', 'fail']),
          note: z.string().max(500).optional(),
        }),
      )
      .min(1),
    checkedBy: OrganisationId,
    regionCode: RegionCode,
  }),
)
