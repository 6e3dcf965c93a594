import type { EquipmentCategory } from '@gsr/events/equipment'
import { DomainError } from '../Decider.ts'
import { ruleRef, ruleTable } from '../RuleTable.ts'

/**
 * Rule table `inspectionIntervals`: periodic inspection interval per category, safety grade
 * and subtype (defaults from a general reading of TSG 08/21/D7001; editable, not law).
 * `firstWithinMonths`: the first inspection after putting into service, when it differs.
 * `intervalMonths: null`: the equipment must not be used at that grade.
 */
export interface InspectionIntervalRule {
  readonly category: EquipmentCategory
  /** Matches when equal; undefined matches any grade. */
  readonly safetyGrade?: number
  /** Matches when equal; undefined matches any subtype. */
  readonly subtype?: string
  readonly intervalMonths: number | null
  readonly firstWithinMonths?: number
  readonly note?: string
}

export const inspectionIntervals = ruleTable<readonly InspectionIntervalRule[]>('inspectionIntervals', [
  {
    version: '2022.1',
    // From the date window's historical floor: equipment put into service, inspected or due
    // before the registry existed is judged by this first version (the id events cite).
    effectiveFrom: '1900-01-01',
    // Most specific rules first: the first match wins.
    rules: [
      { category: 'boiler', intervalMonths: 12, note: 'external yearly; internal every 2 years' },
      { category: 'pressure_vessel', safetyGrade: 1, intervalMonths: 72, firstWithinMonths: 36 },
      { category: 'pressure_vessel', safetyGrade: 2, intervalMonths: 72, firstWithinMonths: 36 },
      { category: 'pressure_vessel', safetyGrade: 3, intervalMonths: 36, firstWithinMonths: 36 },
      { category: 'pressure_vessel', safetyGrade: 4, intervalMonths: 12, firstWithinMonths: 36, note: 'monitored' },
      { category: 'pressure_vessel', safetyGrade: 5, intervalMonths: null, note: 'must not be used' },
      { category: 'pressure_vessel', intervalMonths: 36, firstWithinMonths: 36, note: 'grade not yet set' },
      { category: 'pressure_pipeline', safetyGrade: 1, intervalMonths: 72, firstWithinMonths: 36 },
      { category: 'pressure_pipeline', safetyGrade: 2, intervalMonths: 72, firstWithinMonths: 36 },
      { category: 'pressure_pipeline', safetyGrade: 3, intervalMonths: 36, firstWithinMonths: 36 },
      { category: 'pressure_pipeline', safetyGrade: 4, intervalMonths: 12, firstWithinMonths: 36 },
      { category: 'pressure_pipeline', safetyGrade: 5, intervalMonths: null, note: 'must not be used' },
      { category: 'pressure_pipeline', intervalMonths: 36, firstWithinMonths: 36, note: 'grade not yet set' },
      { category: 'elevator', intervalMonths: 12 },
      { category: 'lifting_machinery', subtype: 'tower_crane', intervalMonths: 12 },
      { category: 'lifting_machinery', subtype: 'construction_hoist', intervalMonths: 12 },
      { category: 'lifting_machinery', subtype: 'mobile_crane', intervalMonths: 12 },
      { category: 'lifting_machinery', intervalMonths: 24 },
      { category: 'passenger_ropeway', intervalMonths: 12 },
      { category: 'large_amusement_ride', intervalMonths: 12 },
      { category: 'in_site_vehicle', intervalMonths: 12 },
    ],
  },
])

export interface InspectionInterval {
  readonly intervalMonths: number
  readonly firstWithinMonths: number
  readonly rule: { name: string; version: string }
}

/** The interval in force on `onDate`; throws `safety_grade_not_usable` for a grade that forbids use. */
export function inspectionIntervalFor(
  category: EquipmentCategory,
  attributes: { safetyGrade?: number | undefined; subtype?: string | undefined },
  onDate: string,
): InspectionInterval {
  const version = inspectionIntervals.at(onDate)
  const match = version.rules.find(
    (r) =>
      r.category === category &&
      (r.safetyGrade === undefined || r.safetyGrade === attributes.safetyGrade) &&
      (r.subtype === undefined || r.subtype === attributes.subtype),
  )
  if (!match) throw new Error(`inspectionIntervals ${version.version}: no rule for ${category}`)
  if (match.intervalMonths === null) {
    throw new DomainError(
      'safety-grade-not-usable',
      {
        en: `safety grade ${String(attributes.safetyGrade)} of ${category} must not be used`,
        'zh-CN': `${category} 安全状况等级 ${String(attributes.safetyGrade)} 不允许使用`,
      },
      ['safetyGrade'],
    )
  }
  return {
    intervalMonths: match.intervalMonths,
    firstWithinMonths: match.firstWithinMonths ?? match.intervalMonths,
    rule: ruleRef(inspectionIntervals, version),
  }
}
