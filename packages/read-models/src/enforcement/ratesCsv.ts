import { pipelineRateLabels, statutoryInspectionRateLabel } from '@gsr/domain/enforcement'
import type { RegionRates } from './pipelineRates.ts'
import { csvCell, type CsvLanguage } from './violationsCsv.ts'

const header = {
  en: ['region', 'on', 'rate', 'rate_label', 'numerator', 'denominator', 'value'],
  'zh-CN': ['行政区划代码', '统计日', '指标代码', '指标', '分子', '分母', '比率'],
} as const

/**
 * The rates of a region and of each region one level down, one row per region and rate: the
 * four 100% and the statutory inspection rate, value as a decimal with four places (empty when
 * nothing is counted). Labels in the caller's language.
 */
export function ratesCsv(rates: RegionRates, language: CsvLanguage): string {
  const rows: unknown[][] = [[...header[language]]]
  for (const scope of [rates, ...rates.breakdown]) {
    const figures = [
      ...scope.rates.map((r) => ({ code: r.rate, label: pipelineRateLabels[r.rate], ...r })),
      { code: 'statutory_inspection', label: statutoryInspectionRateLabel, ...scope.statutoryInspection },
    ]
    for (const f of figures)
      rows.push([
        scope.region,
        rates.day,
        f.code,
        f.label[language],
        f.numerator,
        f.denominator,
        f.value === null ? '' : f.value.toFixed(4),
      ])
  }
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n'
}
