import { z } from 'zod'
import { WorkCategory } from '@gsr/events/cylinders'
import { NoRuleInForceError, ruleTable, type RuleTable } from '../RuleTable.ts'
import { addYears } from '../calendar.ts'

/**
 * Rule table `operatorCertificateRules`: how long a term of an operator certificate
 * (特种设备作业人员证) may run, and the work categories (作业项目) it can cover, each with its
 * name in the regulation's table. Looked up by the day the term starts (`validFrom`).
 * Publishable (`POST /admin/rule-tables/operatorCertificateRules/versions`): a version judges
 * terms starting from its effective day on; issue and renewal (复审) events cite it (`ruleVersion`).
 */
export interface OperatorCertificateRules {
  /** A term (issue or review, 复审) runs at most this many years from its first day. */
  readonly validityYears: number
  readonly validitySource: string
  readonly workCategories: Readonly<Record<WorkCategory, { readonly 'zh-CN': string; readonly en: string }>>
  readonly workCategoriesSource: string
}

const CategoryName = z.strictObject({ 'zh-CN': z.string().min(1).max(200), en: z.string().min(1).max(200) })

const OperatorCertificateRulesSchema = z.strictObject({
  validityYears: z.int().min(1).max(10),
  validitySource: z.string().min(1).max(2000),
  // Every work category of the event enum, each with its names (a category is added in the enum first).
  workCategories: z.record(WorkCategory, CategoryName),
  workCategoriesSource: z.string().min(1).max(2000),
})

export const operatorCertificateRules = ruleTable<OperatorCertificateRules>(
  'operatorCertificateRules',
  [
    {
      version: 'operatorCertificateRules/2026-1',
      // The date window's floor for field days. Four years since at least 《特种设备作业人员监督管理
      // 办法》 (2005, 第22条 "每4年复审一次"); TSG Z6001-2013 第3条 and TSG Z6001-2019 keep it. For terms
      // starting 2000-2005, under the earlier boiler/vessel operator rules, four years is assumed (unsure).
      effectiveFrom: '2000-01-01',
      rules: {
        validityYears: 4,
        validitySource:
          'TSG Z6001-2019 特种设备作业人员考核规则: 《特种设备作业人员证》有效期为4年, renewed by review (复审); TSG Z6001-2013 第三条',
        // TSG Z6001-2019 附件A 特种设备作业人员资格认定分类与项目. Welding operators (焊接作业) are
        // certified under TSG Z6002 with their own codes and are not listed here.
        workCategories: {
          A: { 'zh-CN': '特种设备安全管理', en: 'special equipment safety management' },
          G1: { 'zh-CN': '工业锅炉司炉', en: 'industrial boiler operation' },
          G2: { 'zh-CN': '电站锅炉司炉', en: 'power-station boiler operation' },
          G3: { 'zh-CN': '锅炉水处理', en: 'boiler water treatment' },
          R1: { 'zh-CN': '快开门式压力容器操作', en: 'quick-opening pressure vessel operation' },
          R2: { 'zh-CN': '移动式压力容器充装', en: 'mobile pressure vessel filling' },
          R3: { 'zh-CN': '氧舱维护保养', en: 'oxygen chamber maintenance' },
          P: { 'zh-CN': '气瓶充装', en: 'gas cylinder filling' },
          T: { 'zh-CN': '电梯修理', en: 'elevator repair' },
          Q1: { 'zh-CN': '起重机指挥', en: 'crane signalling' },
          Q2: { 'zh-CN': '起重机司机', en: 'crane operation' },
          S1: { 'zh-CN': '客运索道修理', en: 'passenger ropeway repair' },
          S2: { 'zh-CN': '客运索道司机', en: 'passenger ropeway operation' },
          Y1: { 'zh-CN': '大型游乐设施修理', en: 'large amusement ride repair' },
          Y2: { 'zh-CN': '大型游乐设施操作', en: 'large amusement ride operation' },
          N1: { 'zh-CN': '叉车司机', en: 'forklift driving' },
          N2: { 'zh-CN': '观光车和观光列车司机', en: 'sightseeing car and train driving' },
          F: { 'zh-CN': '安全阀校验', en: 'safety valve calibration' },
        },
        workCategoriesSource: 'TSG Z6001-2019 附件A 特种设备作业人员资格认定分类与项目',
      },
    },
  ],
  { rulesSchema: OperatorCertificateRulesSchema },
)

/**
 * The last day a term starting on `validFrom` may run to under the rule in force that day
 * (inclusive), by `table` (the effective one: code and published versions).
 */
export function latestValidUntil(
  validFrom: string,
  table: RuleTable<OperatorCertificateRules> = operatorCertificateRules,
): { latest: string; version: string; years: number } {
  const inForce = table.inForceOn(validFrom)
  if (!inForce) throw new NoRuleInForceError(table.name, validFrom, ['validFrom'])
  const { version, rules } = inForce
  // A term of 4 years from 2022-01-01 runs to 2025-12-31; the anniversary itself is accepted too,
  // as certificates are often printed "2022-01-01 至 2026-01-01".
  return { latest: addYears(validFrom, rules.validityYears), version, years: rules.validityYears }
}
