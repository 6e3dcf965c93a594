import type { PipelineStageFacts } from './pipelineRatesAt.ts'

/**
 * The statutory inspection rate of gas pressure pipelines (燃气压力管道法定检验率), the figure the
 * work plan sets beside the four 100% (seed, 二（八）2: 「大力推动燃气压力管道法定检验，加大对在建燃气
 * 压力管道安装监督检验，以及已投入使用的燃气压力管道定期检验…攻坚提升燃气压力管道法定检验率」):
 * of the pipelines a statutory inspection is owed for on day D, the share that has had it.
 *
 * A pipeline owes, on D, one of two statutory inspections (the later obligation replaces the first):
 * - periodic inspection (定期检验), once a due date known by D has passed (due < D): inspected
 *   when the latest due date known by D is not past (a result moved it beyond D), otherwise
 *   `periodic_overdue`;
 * - else installation supervision inspection (安装监督检验), for a new pipeline (construction
 *   started by D, reported or found) known in use by D: inspected when an agency's result is
 *   dated by D, otherwise `installation_not_inspected`.
 * Pipelines under construction and not yet in use, or in use with their first due date ahead,
 * owe nothing yet and are in neither count.
 */
export type StatutoryInspectionShortfall = 'installation_not_inspected' | 'periodic_overdue'

export const statutoryInspectionRateLabel = {
  'zh-CN': '燃气压力管道法定检验率',
  en: 'statutory inspection rate of gas pressure pipelines',
} as const

export const statutoryInspectionShortfallLabels: Record<StatutoryInspectionShortfall, { 'zh-CN': string; en: string }> =
  {
    installation_not_inspected: {
      'zh-CN': '投用前未经安装监督检验',
      en: 'in use without installation supervision inspection',
    },
    periodic_overdue: { 'zh-CN': '超期未定期检验', en: 'periodic inspection overdue' },
  }

export interface StatutoryInspectionStanding {
  readonly obligation: 'installation' | 'periodic'
  readonly counted: boolean
  readonly shortfall?: StatutoryInspectionShortfall
}

/** What the pipeline owes on `day`, and whether it has it; undefined when it owes nothing yet. */
export function statutoryInspectionStandingAt(
  facts: PipelineStageFacts,
  day: string,
): StatutoryInspectionStanding | undefined {
  const known = facts.dueDates.filter((d) => d.knownOn <= day).map((d) => d.dueDate)
  if (known.some((due) => due < day)) {
    const current = known.sort().at(-1)!
    return current >= day
      ? { obligation: 'periodic', counted: true }
      : { obligation: 'periodic', counted: false, shortfall: 'periodic_overdue' }
  }
  const by = (d: string | undefined) => d !== undefined && d <= day
  const started = by(facts.constructionStartedOn) || by(facts.installationInspectedOn)
  const inUse = by(facts.inUseKnownOn) || facts.inUseRecords.some((r) => r.recordedOn <= day)
  if (!started || !inUse) return undefined
  return by(facts.installationInspectedOn)
    ? { obligation: 'installation', counted: true }
    : { obligation: 'installation', counted: false, shortfall: 'installation_not_inspected' }
}

export interface StatutoryInspectionFigure {
  readonly numerator: number
  readonly denominator: number
  /** numerator / denominator, or null when no pipeline owes an inspection. */
  readonly value: number | null
  /** Of the denominator, pipelines owing installation and periodic inspections. */
  readonly byObligation: { readonly installation: number; readonly periodic: number }
  readonly shortfalls: readonly {
    readonly pipelineId: string
    readonly region: string
    readonly organisationId: string
    readonly reason: StatutoryInspectionShortfall
  }[]
}

/** The statutory inspection rate over a set of pipelines (a county, a city, a province) on `day`. */
export function statutoryInspectionRateAt(
  pipelines: readonly PipelineStageFacts[],
  day: string,
): StatutoryInspectionFigure {
  let numerator = 0
  const byObligation = { installation: 0, periodic: 0 }
  const shortfalls: StatutoryInspectionFigure['shortfalls'][number][] = []
  for (const p of [...pipelines].sort((a, b) => (a.pipelineId < b.pipelineId ? -1 : 1))) {
    const standing = statutoryInspectionStandingAt(p, day)
    if (!standing) continue
    byObligation[standing.obligation] += 1
    if (standing.counted) numerator += 1
    else
      shortfalls.push({
        pipelineId: p.pipelineId,
        region: p.region,
        organisationId: p.organisationId,
        reason: standing.shortfall!,
      })
  }
  const denominator = byObligation.installation + byObligation.periodic
  return { numerator, denominator, value: denominator === 0 ? null : numerator / denominator, byObligation, shortfalls }
}
