import { ruleTable } from '../equipment/RuleTable.ts'

/**
 * Rule table `pipelineRateRules` for the "four 100%" (四个100%): how far ahead of the due date
 * a periodic inspection must be declared to count as "in time" (apply one month before the
 * current inspection's validity ends), which also makes a pipeline "due" for the rate.
 */
export interface PipelineRateRules {
  readonly periodicDeclarationLeadDays: number
}

export const pipelineRateRules = ruleTable<PipelineRateRules>('pipelineRateRules', [
  { version: '2022.1', effectiveFrom: '2022-01-01', rules: { periodicDeclarationLeadDays: 30 } },
])
