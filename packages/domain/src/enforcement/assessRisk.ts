import type { BilingualMessage } from '../Decider.ts'
import { ruleRef, type RuleVersion } from '../RuleTable.ts'
import { daysBetween } from '../calendar.ts'
import {
  riskCatalogueRules,
  type RiskCatalogueRules,
  type RiskGradeLetter,
  type RiskIndicator,
} from './riskCatalogueRules.ts'

/**
 * A fact about an organisation that an indicator may count, gathered by a read-model query.
 * `ref` names the record or event behind it (a violation id, an order id, a registration code),
 * so a grade can be explained down to its evidence.
 */
export interface RiskSignal {
  readonly source: string
  readonly kind: string
  readonly detail?: string | undefined
  readonly ref: string
  /** Its field day (YYYY-MM-DD): recency is counted from it. */
  readonly on: string
  /** Still open on the day graded (a violation not cured by then). Absent: open. */
  readonly open?: boolean | undefined
}

export interface IndicatorScore {
  readonly indicator: string
  readonly label: BilingualMessage
  readonly points: number
  /** The signals counted, each with its points (before the row's cap). */
  readonly signals: readonly {
    readonly ref: string
    readonly kind: string
    readonly on: string
    readonly points: number
  }[]
}

export interface RiskAssessment {
  readonly grade: RiskGradeLetter
  readonly score: number
  readonly on: string
  readonly rule: { readonly name: string; readonly version: string }
  /** Every indicator of the rule version, with its points (0 when nothing counted). */
  readonly indicators: readonly IndicatorScore[]
}

const round2 = (n: number) => Math.round(n * 100) / 100

function matches(row: RiskIndicator, s: RiskSignal): boolean {
  if (s.source !== row.source) return false
  if (row.kinds && !row.kinds.includes(s.kind)) return false
  if (row.details && !row.details.includes(s.detail ?? '')) return false
  if (row.exclude?.some((e) => e.kind === s.kind && e.detail === s.detail)) return false
  return true
}

function scoreRow(row: RiskIndicator, signals: readonly RiskSignal[], on: string): IndicatorScore {
  const counted: { ref: string; kind: string; on: string; points: number }[] = []
  const seenKinds = new Set<string>()
  const sorted = [...signals].filter((s) => matches(row, s) && s.on <= on)
  sorted.sort((a, b) => a.kind.localeCompare(b.kind) || a.on.localeCompare(b.on) || a.ref.localeCompare(b.ref))
  for (const s of sorted) {
    if (row.distinctKinds) {
      if (seenKinds.has(s.kind)) continue
      seenKinds.add(s.kind)
    }
    const base = typeof row.points === 'number' ? row.points : (row.points[s.kind] ?? 0)
    const age = daysBetween(s.on, on)
    const recency = row.recency ? (row.recency.find((b) => age <= b.withinDays)?.factor ?? 0) : 1
    const status = s.open === false ? (row.resolvedFactor ?? 1) : 1
    const points = round2(base * recency * status)
    if (points > 0) counted.push({ ref: s.ref, kind: s.kind, on: s.on, points })
  }
  const sum = counted.reduce((acc, c) => acc + c.points, 0)
  return {
    indicator: row.id,
    label: row.label,
    points: round2(row.cap === undefined ? sum : Math.min(row.cap, sum)),
    signals: counted,
  }
}

/**
 * The grade A–E of one organisation on day `on` from its signals, by the rule version given
 * (the one in force on `on`, see riskCatalogueRules). Pure: the same signals, day and version
 * always give the same grade and explanation.
 */
export function assessRisk(
  signals: readonly RiskSignal[],
  on: string,
  version: RuleVersion<RiskCatalogueRules> = riskCatalogueRules.at(on),
): RiskAssessment {
  const indicators = version.rules.indicators.map((row) => scoreRow(row, signals, on))
  const score = round2(indicators.reduce((acc, i) => acc + i.points, 0))
  const grade = version.rules.grades.find((g) => score <= g.maxScore) ?? version.rules.grades.at(-1)!
  return { grade: grade.grade, score, on, rule: ruleRef(riskCatalogueRules, version), indicators }
}
