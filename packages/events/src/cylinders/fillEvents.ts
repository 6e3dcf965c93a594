import { z } from 'zod'
import { defineEvent } from '../defineEvent.ts'
import { IsoDateTime, OrganisationId, RegionCode } from '../common.ts'
import { CylinderCode, PersonId } from './CylinderType.ts'

/** Why a fill is refused; the same codes name the violations of category 3 (and 2 for operators). */
export const prefillDenyReasons = [
  'unregistered',
  'not_owned_nor_entrusted',
  'refurbished',
  'inspection_overdue',
  'failed_last_inspection',
  'scrapped',
  'past_design_life',
  'operator_not_certified',
] as const
export const PrefillDenyReason = z.enum(prefillDenyReasons)
export type PrefillDenyReason = z.infer<typeof PrefillDenyReason>

export const prefillDenyReasonLabels: Record<PrefillDenyReason, { 'zh-CN': string; en: string }> = {
  unregistered: { 'zh-CN': '气瓶未登记', en: 'cylinder not registered' },
  not_owned_nor_entrusted: { 'zh-CN': '非自有产权且未委托', en: 'neither owned by nor entrusted to the station' },
  refurbished: { 'zh-CN': '翻新气瓶', en: 'refurbished cylinder' },
  inspection_overdue: { 'zh-CN': '超期未检', en: 'overdue for periodic inspection' },
  failed_last_inspection: { 'zh-CN': '检验不合格', en: 'failed its last inspection' },
  scrapped: { 'zh-CN': '已报废', en: 'scrapped' },
  past_design_life: { 'zh-CN': '超过设计使用年限', en: 'past its design service life' },
  operator_not_certified: { 'zh-CN': '作业人员无有效证件', en: 'operator without a valid certificate' },
}

/**
 * The answer to "may station S fill cylinder C now?" (充装前核验), recorded whether allowed or
 * denied: a refused fill is evidence too. Stream `fillcheck-<checkId>`.
 */
export const CylinderFillChecked = defineEvent(
  'CylinderFillChecked',
  z.strictObject({
    checkId: z.uuid(),
    cylinderCode: CylinderCode,
    stationId: OrganisationId,
    regionCode: RegionCode.describe("the station's region"),
    operatorId: PersonId.optional(),
    checkedAt: IsoDateTime,
    decision: z.enum(['allow', 'deny']),
    reasons: z.array(PrefillDenyReason),
    /** What the answer was based on, so the record explains itself later. */
    basis: z.strictObject({
      registered: z.boolean(),
      ownerOrganisationId: z.string().optional(),
      nextInspectionDate: z.string().optional(),
      designLifeEndDate: z.string().optional(),
      lastInspectionResult: z.string().optional(),
      operatorCertificateStatus: z.string().optional(),
    }),
  }),
)

export const CheckAnswer = z.enum(['ok', 'not_ok', 'not_applicable']).describe('answer to one check item')
export type CheckAnswer = z.infer<typeof CheckAnswer>

export const CheckItemAnswer = z.strictObject({
  item: z.string().min(1).max(64).describe('check item code from the fillCheckItems rule table'),
  answer: CheckAnswer,
  note: z.string().max(500).optional(),
})
export type CheckItemAnswer = z.infer<typeof CheckItemAnswer>

/**
 * A fill (充装记录), recorded as it happened, even when it describes a violation; never edited.
 * Stream `fill-<fillId>`; the event id is the fill id, so re-sending a fill is a no-op.
 */
export const CylinderFilled = defineEvent(
  'CylinderFilled',
  z.strictObject({
    fillId: z.uuid(),
    cylinderCode: CylinderCode,
    stationId: OrganisationId,
    regionCode: RegionCode.describe("the station's region"),
    operatorId: PersonId,
    filledAt: IsoDateTime.describe('time filled (充装时间)'),
    gas: z.string().min(1).max(64),
    quantityKg: z.number().positive().max(100_000).describe('fill quantity in kg (充装量)'),
    preFillChecks: z.array(CheckItemAnswer).max(64).describe('pre-fill check (充装前检查)'),
    postFillChecks: z.array(CheckItemAnswer).max(64).describe('post-fill check (充装后检查)'),
    prefillCheckId: z.uuid().optional().describe('the pre-fill check answer this fill followed'),
    terminalId: z.string().max(64).optional().describe('offline terminal that recorded it'),
  }),
)
