/**
 * The "five strict crackdowns" (五个严厉打击) as violation categories, each with its sub-reasons.
 * Codes are stable (they are stored and filtered on); labels are for people.
 */
export const violationCatalogue = {
  equipment_unregistered_or_uninspected: {
    label: { 'zh-CN': '特种设备应登未登、应检未检', en: 'unregistered or uninspected special equipment' },
    subReasons: {
      unregistered_in_use: { 'zh-CN': '未办理使用登记即投入使用', en: 'found in use without a use registration' },
      inspection_overdue: { 'zh-CN': '超期未检', en: 'past its inspection due date without a passing inspection' },
    },
  },
  operator_uncertified: {
    label: { 'zh-CN': '作业人员无证上岗', en: 'operator without a valid certificate' },
    subReasons: {
      no_certificate: { 'zh-CN': '无该作业项目证件', en: 'no certificate for the work category' },
      certificate_expired: { 'zh-CN': '证件过期', en: 'certificate expired' },
      certificate_suspended: { 'zh-CN': '证件暂停', en: 'certificate suspended' },
      certificate_revoked: { 'zh-CN': '证件撤销', en: 'certificate revoked' },
    },
  },
  noncompliant_cylinder_filled: {
    label: { 'zh-CN': '充装不符合要求气瓶', en: 'non-compliant cylinder filled' },
    subReasons: {
      not_owned_nor_entrusted: { 'zh-CN': '非自有产权且未委托', en: 'neither owned by nor entrusted to the station' },
      refurbished: { 'zh-CN': '翻新气瓶', en: 'refurbished cylinder' },
      unregistered: { 'zh-CN': '气瓶未登记', en: 'cylinder not registered' },
      inspection_overdue: { 'zh-CN': '超期未检', en: 'overdue for periodic inspection' },
      failed_last_inspection: { 'zh-CN': '检验不合格', en: 'failed its last inspection' },
      scrapped: { 'zh-CN': '已报废', en: 'scrapped' },
      past_design_life: { 'zh-CN': '超过设计使用年限', en: 'past its design service life' },
    },
  },
  fill_checks_missing: {
    label: { 'zh-CN': '未实施气瓶充装前后检查制度', en: 'no complete pre-/post-fill check' },
    subReasons: {
      pre_fill_check_incomplete: { 'zh-CN': '充装前检查不完整', en: 'pre-fill check incomplete' },
      post_fill_check_incomplete: { 'zh-CN': '充装后检查不完整', en: 'post-fill check incomplete' },
      pre_fill_check_without_operator: {
        'zh-CN': '充装前检查未记录作业人员',
        en: 'pre-fill check allowed a fill without naming the operator',
      },
    },
  },
  uncertified_gas_appliance: {
    label: { 'zh-CN': '生产销售未经认证家用燃气具', en: 'uncertified household gas appliance produced or sold' },
    subReasons: {
      never_certified: { 'zh-CN': '未经认证', en: 'never certified' },
      certificate_expired: { 'zh-CN': '证书过期', en: 'certificate expired' },
      certificate_suspended: { 'zh-CN': '证书暂停', en: 'certificate suspended' },
      certificate_revoked: { 'zh-CN': '证书撤销', en: 'certificate revoked' },
      certificate_cancelled: { 'zh-CN': '证书注销', en: 'certificate cancelled' },
    },
  },
} as const

export type ViolationCategory = keyof typeof violationCatalogue
export type SubReasonOf<C extends ViolationCategory> = keyof (typeof violationCatalogue)[C]['subReasons'] & string
export type ViolationSubReason = { [C in ViolationCategory]: SubReasonOf<C> }[ViolationCategory]

export const violationCategories = Object.keys(violationCatalogue) as ViolationCategory[]
export const violationSubReasons = [
  ...new Set(violationCategories.flatMap((c) => Object.keys(violationCatalogue[c].subReasons))),
] as ViolationSubReason[]

export function isSubReasonOf(category: ViolationCategory, subReason: string): boolean {
  return Object.hasOwn(violationCatalogue[category].subReasons, subReason)
}
