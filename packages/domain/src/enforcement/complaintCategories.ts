import type { BilingualMessage } from '../Decider.ts'

/**
 * The closed list of what a complaint or tip-off (投诉举报) is about: the five strict crackdowns
 * (their violation category codes) and the other gas and special-equipment matters the public
 * reports. Codes are stable (stored and filtered on); labels are for people.
 */
export const complaintCategories = {
  equipment_unregistered_or_uninspected: {
    'zh-CN': '特种设备应登未登、应检未检',
    en: 'unregistered or uninspected special equipment',
  },
  operator_uncertified: { 'zh-CN': '作业人员无证上岗', en: 'operator without a valid certificate' },
  noncompliant_cylinder_filled: { 'zh-CN': '充装不符合要求气瓶', en: 'non-compliant cylinder filled' },
  fill_checks_missing: { 'zh-CN': '未实施气瓶充装前后检查制度', en: 'no pre-/post-fill check' },
  uncertified_gas_appliance: { 'zh-CN': '生产销售未经认证家用燃气具', en: 'uncertified household gas appliance' },
  equipment_hazard: { 'zh-CN': '特种设备安全隐患', en: 'special-equipment safety hazard' },
  gas_appliance_or_alarm_quality: {
    'zh-CN': '燃气具、燃气泄漏报警器质量',
    en: 'gas appliance or gas leak alarm quality',
  },
  other: { 'zh-CN': '其他', en: 'other' },
} as const satisfies Record<string, BilingualMessage>

export type ComplaintCategory = keyof typeof complaintCategories
export const complaintCategoryCodes = Object.keys(complaintCategories) as [ComplaintCategory, ...ComplaintCategory[]]
