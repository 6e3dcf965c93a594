import { ruleTable } from '../RuleTable.ts'
import type { BilingualMessage } from '../Decider.ts'

export const riskGrades = ['A', 'B', 'C', 'D', 'E'] as const
/** A is the most trustworthy (不举不查、无事不扰), E the highest risk. */
export type RiskGradeLetter = (typeof riskGrades)[number]

/**
 * One row of the indicator system (指标): which signals it counts and how many points each is
 * worth. A signal is a fact about the organisation gathered by a read-model query (see
 * riskSignals in @gsr/read-models/enforcement): what it runs, a violation, a rectification
 * order's state. A new kind of fact (a complaint, a routine inspection's outcome, a case) is a
 * new `source` of signals and one more row here: the scoring function does not change.
 */
export interface RiskIndicator {
  /** Stable id, cited by the explanation (e.g. `violations.cylinder_fill`). */
  readonly id: string
  readonly label: BilingualMessage
  /** The signal source it counts: organisation | equipment | violation | rectification_order (later: complaint, …). */
  readonly source: string
  /** Only signals of these kinds (absent: any kind of the source). */
  readonly kinds?: readonly string[]
  /** Only signals with one of these details (a violation's sub-reason). */
  readonly details?: readonly string[]
  /** Leaves out signals of this kind with this detail (counted by another row). */
  readonly exclude?: readonly { readonly kind: string; readonly detail: string }[]
  /** Points per signal: one figure, or by the signal's kind (a kind not listed: 0). */
  readonly points: number | Readonly<Record<string, number>>
  /** Count each kind once (inherent risk is what it runs, not how many units). */
  readonly distinctKinds?: boolean
  /**
   * Recency (时效): the factor of the first band whose `withinDays` holds the signal's age on
   * the day graded; older than every band: not counted. Absent: any age counts in full.
   */
  readonly recency?: readonly { readonly withinDays: number; readonly factor: number }[]
  /** Factor of a signal no longer open on the day (a cured violation). Absent: 1. */
  readonly resolvedFactor?: number
  /** At most this many points from the row. */
  readonly cap?: number
}

/**
 * Rule table `riskCatalogueRules` (风险等级分级分类名录库, 差异化监管): the indicator system that
 * grades every supervised organisation A–E, as of a day.
 *   score = Σ over indicators of min(cap, Σ points(signal) × recency(age) × (open ? 1 : resolvedFactor))
 *   grade = the first grade whose maxScore ≥ score.
 * - Inherent risk (固有风险) by what it runs: an LPG filling station (充装单位) handles the
 *   cylinders that kill when they fail; a boiler or a pressure vessel stores energy; an elevator
 *   user is supervised, but its failure mode is not an explosion.
 * - Violations (违法行为) by category (the five crackdowns, weighted by harm, as the old
 *   riskGradeRules did) and recency: the last 90 days in full, the year at half, three years at
 *   a fifth; cured ones at half. Overdue inspections (超期未检) are their own row, open ones only.
 * - Rectification orders (整改): open, past the deadline without a re-check, rebounds (反弹).
 * - Routine supervision inspections (日常监督检查) that found problems in the last year.
 * - From 2026.1: complaints about it (投诉举报), penalties decided and police referrals accepted.
 * Weights and bands are the bureau's working figures (the source document orders grading by
 * risk without a formula); they are data, revisable by a new version.
 */
export interface RiskCatalogueRules {
  /** The organisation kinds that are supervised (graded); authorities and bodies are not. */
  readonly supervisedKinds: readonly string[]
  readonly indicators: readonly RiskIndicator[]
  readonly grades: readonly { readonly grade: RiskGradeLetter; readonly maxScore: number }[]
}

const violationRecency = [
  { withinDays: 90, factor: 1 },
  { withinDays: 365, factor: 0.5 },
  { withinDays: 1095, factor: 0.2 },
] as const

const indicators2022: readonly RiskIndicator[] = [
  {
    id: 'inherent.organisation_kind',
    label: { en: 'inherent risk: what the organisation is', 'zh-CN': '固有风险：单位类型' },
    source: 'organisation',
    points: { filling_station: 8, equipment_user: 1, installer: 2, manufacturer: 3, seller: 1 },
  },
  {
    id: 'inherent.equipment',
    label: { en: 'inherent risk: the kinds of equipment it runs', 'zh-CN': '固有风险：使用的设备种类' },
    source: 'equipment',
    distinctKinds: true,
    points: {
      boiler: 3,
      pressure_vessel: 3,
      pressure_pipeline: 2,
      gas_pipeline: 3,
      gas_cylinder: 3,
      elevator: 1,
      lifting_machinery: 2,
      passenger_ropeway: 3,
      large_amusement_ride: 3,
      in_site_vehicle: 1,
    },
    cap: 8,
  },
  {
    id: 'violations',
    label: { en: 'violations, by harm and recency', 'zh-CN': '违法行为（按危害与时效）' },
    source: 'violation',
    exclude: [{ kind: 'equipment_unregistered_or_uninspected', detail: 'inspection_overdue' }],
    points: {
      equipment_unregistered_or_uninspected: 3,
      operator_uncertified: 4,
      noncompliant_cylinder_filled: 5,
      fill_checks_missing: 1,
      uncertified_gas_appliance: 4,
    },
    recency: violationRecency,
    resolvedFactor: 0.5,
  },
  {
    id: 'inspections.overdue',
    label: { en: 'equipment overdue for inspection (open)', 'zh-CN': '设备超期未检（未消除）' },
    source: 'violation',
    kinds: ['equipment_unregistered_or_uninspected'],
    details: ['inspection_overdue'],
    points: 4,
    resolvedFactor: 0,
    cap: 20,
  },
  {
    id: 'rectification.open',
    label: { en: 'rectification orders open', 'zh-CN': '整改未完成' },
    source: 'rectification_order',
    kinds: ['open'],
    points: 2,
  },
  {
    id: 'rectification.overdue',
    label: { en: 'rectification orders past their deadline', 'zh-CN': '整改逾期未复查' },
    source: 'rectification_order',
    kinds: ['overdue'],
    points: 5,
  },
  {
    id: 'rectification.not_rectified',
    label: { en: 'rectification found not done at re-check', 'zh-CN': '复查未整改' },
    source: 'rectification_order',
    kinds: ['not_rectified'],
    points: 8,
    recency: [{ withinDays: 1095, factor: 1 }],
  },
  {
    id: 'rectification.rebound',
    label: { en: 'problems that came back after rectification', 'zh-CN': '整改后问题反弹' },
    source: 'rectification_order',
    kinds: ['rebound'],
    points: 6,
    recency: [{ withinDays: 1095, factor: 1 }],
  },
  {
    id: 'inspections.problems_found',
    label: { en: 'routine inspections that found problems', 'zh-CN': '日常监督检查发现问题' },
    source: 'supervision_inspection',
    kinds: ['problems_found'],
    points: 3,
    recency: [{ withinDays: 365, factor: 1 }],
    cap: 9,
  },
]

const grades: RiskCatalogueRules['grades'] = [
  { grade: 'A', maxScore: 3 },
  { grade: 'B', maxScore: 8 },
  { grade: 'C', maxScore: 16 },
  { grade: 'D', maxScore: 30 },
  { grade: 'E', maxScore: Number.POSITIVE_INFINITY },
]

export const riskCatalogueRules = ruleTable<RiskCatalogueRules>('riskCatalogueRules', [
  {
    version: '2022.1',
    effectiveFrom: '2022-01-01',
    rules: {
      supervisedKinds: ['equipment_user', 'filling_station', 'installer', 'manufacturer', 'seller'],
      indicators: indicators2022,
      grades,
    },
  },
  {
    // Complaints (投诉举报) and penalty cases (行政处罚, 移送公安) recorded in the log from this
    // version on: two more sources, the same scoring.
    version: '2026.1',
    effectiveFrom: '2026-12-01',
    rules: {
      supervisedKinds: ['equipment_user', 'filling_station', 'installer', 'manufacturer', 'seller'],
      indicators: [
        ...indicators2022,
        {
          id: 'complaints.received',
          label: { en: 'complaints about it in the last year', 'zh-CN': '近一年被投诉举报' },
          source: 'complaint',
          kinds: ['received'],
          points: 1,
          recency: [{ withinDays: 365, factor: 1 }],
          cap: 5,
        },
        {
          id: 'cases.decided',
          label: { en: 'administrative penalties decided', 'zh-CN': '受到行政处罚' },
          source: 'penalty_case',
          kinds: ['decided'],
          points: 6,
          recency: [
            { withinDays: 365, factor: 1 },
            { withinDays: 1095, factor: 0.5 },
          ],
        },
        {
          id: 'cases.referred',
          label: { en: 'cases the police accepted (suspected crime)', 'zh-CN': '移送公安并立案' },
          source: 'penalty_case',
          kinds: ['referred_accepted'],
          points: 15,
          recency: [{ withinDays: 1095, factor: 1 }],
        },
      ],
      grades,
    },
  },
])
