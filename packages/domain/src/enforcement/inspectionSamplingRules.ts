import { ruleTable } from '../RuleTable.ts'
import type { RiskGradeLetter } from './riskCatalogueRules.ts'

/**
 * Rule table `inspectionSamplingRules` (双随机、一公开, 差异化监管): the share of each risk grade
 * a random inspection plan draws, and how many inspectors go on each visit.
 * - `ratios`: the highest grade (E) always (1); the trustworthy rarely (不举不查、无事不扰).
 *   The working figures follow the usual practice of "the higher the risk, the higher the
 *   ratio and frequency" (风险越高，抽查比例越高、频次越高); the source document gives no figures.
 * - `inspectorsPerVisit`: at least two law-enforcement officers on a visit (《市场监督管理行政
 *   处罚程序规定》: 执法人员不得少于两人).
 */
export interface InspectionSamplingRules {
  readonly ratios: Readonly<Record<RiskGradeLetter, number>>
  readonly inspectorsPerVisit: number
}

export const inspectionSamplingRules = ruleTable<InspectionSamplingRules>('inspectionSamplingRules', [
  {
    version: '2022.1',
    effectiveFrom: '2022-01-01',
    rules: { ratios: { A: 0.03, B: 0.1, C: 0.3, D: 0.6, E: 1 }, inspectorsPerVisit: 2 },
  },
])
