import type { CylinderType } from '@gsr/events/cylinders'
import { ruleTable } from '../RuleTable.ts'

/**
 * Rule table `cylinderTypeRules`: per cylinder type, the periodic inspection interval, the
 * design service life and the fill check items that apply (codes of `fillCheckItems`).
 * Defaults from ../shared/domain.md (TSG 23), editable by adding a version.
 */
export interface CylinderTypeRule {
  readonly inspectionIntervalYears: number
  readonly designLifeYears: number
  readonly preFillItems: readonly string[]
  readonly postFillItems: readonly string[]
}

const commonPre = [
  'registered_coded',
  'owned_or_entrusted',
  'within_inspection_date',
  'within_service_life',
  'valve_accessories_intact',
  'no_damage',
  'colour_marking',
  'residual_gas',
] as const
const commonPost = ['no_leak', 'temperature_normal', 'cap_seal_fitted', 'filling_label'] as const
/** Liquefied gases are filled by weight, compressed gases by pressure. */
const liquefiedPost = ['quantity_weighed', ...commonPost]
const compressedPost = ['pressure_within_limits', ...commonPost]

export const cylinderTypeRules = ruleTable<Record<CylinderType, CylinderTypeRule>>('cylinderTypeRules', [
  {
    version: 'cylinderTypeRules/2026-1',
    effectiveFrom: '2000-01-01',
    rules: {
      lpg_welded_steel: {
        inspectionIntervalYears: 4,
        designLifeYears: 15,
        preFillItems: commonPre,
        postFillItems: liquefiedPost,
      },
      seamless_steel_general: {
        inspectionIntervalYears: 3,
        designLifeYears: 30,
        preFillItems: commonPre,
        postFillItems: compressedPost,
      },
      seamless_steel_inert: {
        inspectionIntervalYears: 5,
        designLifeYears: 30,
        preFillItems: commonPre,
        postFillItems: compressedPost,
      },
      corrosive_gas: {
        inspectionIntervalYears: 2,
        designLifeYears: 12,
        preFillItems: commonPre,
        postFillItems: liquefiedPost,
      },
      dissolved_acetylene: {
        inspectionIntervalYears: 3,
        designLifeYears: 30,
        preFillItems: [...commonPre, 'filler_porous_mass'],
        postFillItems: liquefiedPost,
      },
      vehicle_cng: {
        inspectionIntervalYears: 3,
        designLifeYears: 15,
        preFillItems: commonPre,
        postFillItems: compressedPost,
      },
      fibre_wrapped_composite: {
        inspectionIntervalYears: 3,
        designLifeYears: 15,
        preFillItems: commonPre,
        postFillItems: compressedPost,
      },
    },
  },
])

/** The rule for a type on a day, with the version id events record; throws before the table starts. */
export function cylinderTypeRuleOn(type: CylinderType, date: string): { version: string; rule: CylinderTypeRule } {
  const table = cylinderTypeRules.at(date)
  return { version: table.version, rule: table.rules[type] }
}
