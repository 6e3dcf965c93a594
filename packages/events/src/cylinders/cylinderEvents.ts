import { z } from 'zod'
import { defineEvent } from '../defineEvent.ts'
import { IsoDate, OrganisationId, RegionCode } from '../common.ts'
import { CylinderCode, CylinderType } from './CylinderType.ts'

/**
 * Events of one cylinder's stream `cylinder-<code>`. Registration is the first event, appended
 * with expectedRevision 'no_stream': that is what makes a code unique across the system.
 */
export const CylinderRegistered = defineEvent(
  'CylinderRegistered',
  z.strictObject({
    cylinderCode: CylinderCode,
    cylinderType: CylinderType,
    gas: z.string().min(1).max(64).describe('gas filled, e.g. LPG, oxygen (充装介质)'),
    manufacturer: z.string().min(1).max(256).describe('manufacturer name or id (制造单位)'),
    serialNumber: z.string().max(128).optional().describe("manufacturer's serial number (出厂编号)"),
    manufactureDate: IsoDate.describe('manufacture date (制造日期)'),
    ownerOrganisationId: OrganisationId.describe('owner (产权单位)'),
    stationId: OrganisationId.describe('the filling station that registered it (登记充装单位)'),
    regionCode: RegionCode.describe(
      "where the cylinder is based (所在地): the registration's `regionCode`, by default the registering station's region",
    ),
    refurbished: z.boolean().describe('refurbished (翻新) cylinder: must never be filled'),
    registeredOn: IsoDate,
    lastInspectionDate: IsoDate.optional().describe('last periodic inspection before registration'),
    nextInspectionDate: IsoDate.describe('next periodic inspection due (下次检验日期)'),
    designLifeEndDate: IsoDate.describe('end of design service life (设计使用年限届满日期)'),
    designLifeYears: z
      .number()
      .int()
      .min(1)
      .max(100)
      .optional()
      .describe('design service life stamped on the cylinder (设计使用年限), when given'),
    ruleVersion: z.string().describe('version of the cylinderTypeRules table used for the dates'),
  }),
)

/** A customer-owned cylinder entrusted to a station for filling (委托充装), from entrustedFrom (never before it was recorded). */
export const CylinderEntrusted = defineEvent(
  'CylinderEntrusted',
  z.strictObject({
    cylinderCode: CylinderCode,
    stationId: OrganisationId,
    regionCode: RegionCode,
    ownerOrganisationId: OrganisationId,
    entrustedFrom: IsoDate,
    entrustedUntil: IsoDate.optional().describe('last day of the entrustment; open-ended when absent'),
    contractNo: z.string().max(128).optional().describe('entrustment contract number (委托合同编号)'),
    grantedBy: OrganisationId.optional().describe(
      'who granted it: the owner, or the authority that recorded it with contractNo; absent in entrustments a station recorded for itself (before issue 14), which count from the day they were recorded',
    ),
  }),
)

export const CylinderEntrustmentEnded = defineEvent(
  'CylinderEntrustmentEnded',
  z.strictObject({
    cylinderCode: CylinderCode,
    stationId: OrganisationId,
    regionCode: RegionCode,
    endedOn: IsoDate.describe('last day the station may fill it'),
  }),
)

export const CylinderInspectionResult = z
  .enum(['pass', 'fail', 'scrap'])
  .describe('pass (合格), fail (不合格), scrap (报废)')
export type CylinderInspectionResult = z.infer<typeof CylinderInspectionResult>

/** A periodic inspection by an inspection agency (气瓶定期检验). */
export const CylinderInspected = defineEvent(
  'CylinderInspected',
  z.strictObject({
    cylinderCode: CylinderCode,
    agencyId: OrganisationId,
    regionCode: RegionCode.describe("the cylinder's (registering station's) region"),
    ownerOrganisationId: OrganisationId,
    inspectionDate: IsoDate,
    result: CylinderInspectionResult,
    reportNo: z.string().min(1).max(128).describe('inspection report number (检验报告编号)'),
    nextInspectionDate: IsoDate.optional().describe('set on pass: the next periodic inspection due'),
    designLifeEndDate: IsoDate.optional().describe(
      'set on pass when it changes the end of the design service life: extended once (延长使用) after the life was reached, or the end the rules give',
    ),
    findings: z.string().max(2000).optional(),
    ruleVersion: z
      .string()
      .optional()
      .describe('version of the cylinderTypeRules table the dates were judged by (absent in events before issue 16)'),
  }),
)

export const CylinderScrapped = defineEvent(
  'CylinderScrapped',
  z.strictObject({
    cylinderCode: CylinderCode,
    regionCode: RegionCode,
    ownerOrganisationId: OrganisationId,
    scrappedOn: IsoDate,
    byOrganisationId: OrganisationId,
    reason: z.string().min(1).max(2000),
    evidence: z
      .string()
      .min(1)
      .max(2000)
      .optional()
      .describe('the evidence (检验报告/执法文书编号, photo reference): required when enforcement marks it'),
  }),
)

/**
 * A cylinder found refurbished (翻新) by an inspection agency or an enforcement team, with its
 * evidence: from `markedOn` on it must never be filled. A registration may also declare it
 * (`CylinderRegistered.refurbished`); this is the finding of someone who is not the owner.
 */
export const CylinderMarkedRefurbished = defineEvent(
  'CylinderMarkedRefurbished',
  z.strictObject({
    cylinderCode: CylinderCode,
    regionCode: RegionCode,
    ownerOrganisationId: OrganisationId,
    markedOn: IsoDate.describe('the field day it was found refurbished'),
    byOrganisationId: OrganisationId,
    evidence: z.string().min(1).max(2000).describe('the evidence (检验报告/执法文书编号, photo reference)'),
  }),
)
