import { ruleTable } from '../RuleTable.ts'
import type { ViolationCategory } from './violationCatalogue.ts'

/** 《市场监督管理行政处罚程序规定》(国家市场监督管理总局令第2号, in force 2019-04-01; revised 2021, 2022). */
const procedure = '《市场监督管理行政处罚程序规定》'

/**
 * Rule table `penaltyCaseRules` (行政处罚案件): the statutory time limits of a case handled under
 * the ordinary procedure (普通程序), and the penalty article for each kind of violation.
 *
 * - `decisionDays`: a decision (处理决定) within this many days of opening (立案) — ${procedure}
 *   第六十四条 in the 2021 revision (第五十七条 in the 2019 text). UNVERIFIED: the article number
 *   was not checked against the current official text; the 90 days are.
 * - `extensionDays`, `maxExtensions`: when the case is complex, the head of the department
 *   (市场监督管理部门负责人) may approve one extension of 30 days (same article). A further
 *   extension needs a collective decision (集体讨论) and is not recorded by this registry.
 *   UNVERIFIED as above.
 * - `penaltyArticles`: the article that sets the penalty (法律责任) per violation category, from the
 *   Special Equipment Safety Law (《中华人民共和国特种设备安全法》, in force 2014-01-01) and, for
 *   household gas appliances under compulsory certification, the Certification and Accreditation
 *   Regulations (《中华人民共和国认证认可条例》). UNVERIFIED: the fine ranges in the notes are
 *   from a general reading, not checked clause by clause; the registry does not enforce them.
 */
export interface PenaltyCaseRules {
  readonly decisionDays: number
  readonly extensionDays: number
  readonly maxExtensions: number
  readonly penaltyArticles: Readonly<Record<ViolationCategory, string>>
  /** Where each value comes from, and whether it was checked. */
  readonly citations: Readonly<Record<'decisionDays' | 'extensionDays' | 'penaltyArticles', string>>
}

export const penaltyCaseRules = ruleTable<PenaltyCaseRules>('penaltyCaseRules', [
  {
    version: '2019.1',
    effectiveFrom: '2019-04-01',
    rules: {
      decisionDays: 90,
      extensionDays: 30,
      maxExtensions: 1,
      penaltyArticles: {
        // 1万–10万元 (unverified)
        equipment_unregistered_or_uninspected: '《中华人民共和国特种设备安全法》第八十三条第（一）项、第（四）项',
        // 1万–5万元 (unverified)
        operator_uncertified: '《中华人民共和国特种设备安全法》第八十六条第（一）项',
        // 2万–20万元; 情节严重的吊销充装许可证 (unverified)
        noncompliant_cylinder_filled: '《中华人民共和国特种设备安全法》第八十五条第（二）项',
        fill_checks_missing: '《中华人民共和国特种设备安全法》第八十五条第（一）项',
        // 5万–20万元, 没收违法所得 (unverified)
        uncertified_gas_appliance: '《中华人民共和国认证认可条例》第六十六条',
      },
      citations: {
        decisionDays: `${procedure}第六十四条（2021年修订本；条号未核实 / article number unverified）`,
        extensionDays: `${procedure}第六十四条：经市场监督管理部门负责人批准，可以延长三十日（条号未核实 / unverified）`,
        penaltyArticles:
          '《中华人民共和国特种设备安全法》第七章 法律责任；《中华人民共和国认证认可条例》（罚款幅度未核实 / unverified）',
      },
    },
  },
])
