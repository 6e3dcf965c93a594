import { z } from 'zod'
import { defineEvent } from '../defineEvent.ts'
import { IsoDate, OrganisationId, RegionCode } from '../common.ts'
import { PersonId } from './CylinderType.ts'

/**
 * Work categories of special-equipment operators (TSG Z6001-2019 附件A; names and citation in the
 * rule table operatorCertificateRules of @gsr/domain). P is cylinder filling.
 */
export const workCategories = [
  'P',
  'R1',
  'R2',
  'R3',
  'G1',
  'G2',
  'G3',
  'T',
  'Q1',
  'Q2',
  'N1',
  'N2',
  'S1',
  'S2',
  'Y1',
  'Y2',
  'A',
  'F',
] as const
export const WorkCategory = z.enum(workCategories).describe('work category (作业项目代号), P = cylinder filling')
export type WorkCategory = z.infer<typeof WorkCategory>

const CertificateNo = z.string().min(1).max(64).describe('certificate number (证书编号)')

/**
 * Events of stream `operator-<personId>`: one person, any number of certificates.
 * Validity at an instant is the union of the terms minus suspensions and revocation.
 */
export const OperatorCertificateIssued = defineEvent(
  'OperatorCertificateIssued',
  z.strictObject({
    personId: PersonId,
    name: z.string().min(1).max(128),
    certificateNo: CertificateNo,
    categories: z.array(WorkCategory).min(1),
    validFrom: IsoDate,
    validUntil: IsoDate.describe('last valid day'),
    issuedBy: OrganisationId,
    regionCode: RegionCode.describe("issuing authority's region"),
    employerOrganisationId: OrganisationId.optional(),
    ruleVersion: z
      .string()
      .min(1)
      .optional()
      .describe(
        'version of the operatorCertificateRules table the term was judged by (absent in events before issue 16)',
      ),
  }),
)

export const OperatorCertificateSuspended = defineEvent(
  'OperatorCertificateSuspended',
  z.strictObject({
    personId: PersonId,
    certificateNo: CertificateNo,
    suspendedFrom: IsoDate,
    suspendedUntil: IsoDate.optional().describe('last day of suspension; until reinstated when absent'),
    reason: z.string().min(1).max(2000),
    regionCode: RegionCode,
  }),
)

export const OperatorCertificateReinstated = defineEvent(
  'OperatorCertificateReinstated',
  z.strictObject({
    personId: PersonId,
    certificateNo: CertificateNo,
    reinstatedOn: IsoDate.describe('first valid day again'),
    regionCode: RegionCode,
  }),
)

export const OperatorCertificateRevoked = defineEvent(
  'OperatorCertificateRevoked',
  z.strictObject({
    personId: PersonId,
    certificateNo: CertificateNo,
    revokedOn: IsoDate.describe('first invalid day'),
    reason: z.string().min(1).max(2000),
    regionCode: RegionCode,
  }),
)

/** Renewal (复审): a new term; a gap between terms (late renewal) stays a gap. */
export const OperatorCertificateRenewed = defineEvent(
  'OperatorCertificateRenewed',
  z.strictObject({
    personId: PersonId,
    certificateNo: CertificateNo,
    renewedOn: IsoDate,
    validFrom: IsoDate,
    validUntil: IsoDate,
    categories: z.array(WorkCategory).min(1),
    regionCode: RegionCode,
    ruleVersion: z
      .string()
      .min(1)
      .optional()
      .describe(
        'version of the operatorCertificateRules table the term was judged by (absent in events before issue 16)',
      ),
  }),
)
