import { z } from 'zod'
import { IsoDate } from '@gsr/events'
import { cylinderTypes, type CylinderType } from '@gsr/events/cylinders'
import { ruleTable, type RuleTable, type RuleVersion } from '../RuleTable.ts'
import { addYears } from '../calendar.ts'

/**
 * Rule table `cylinderTypeRules`: per cylinder type, the periodic inspection interval, the
 * design service life (by manufacture date: the standard a cylinder was made under sets it) and
 * the fill check items that apply (codes of `fillCheckItems`). Looked up by the registration
 * day, the inspection day and the fill day. Each value cites its source; defaults of
 * ../shared/domain.md (TSG 23) where no other is given.
 */
export interface CylinderTypeRule {
  readonly inspectionIntervalYears: number
  /** Design service life by manufacture date, the latest `madeFrom` first. */
  readonly designLife: readonly DesignLife[]
  readonly preFillItems: readonly string[]
  readonly postFillItems: readonly string[]
  readonly source: string
}

export interface DesignLife {
  /** Cylinders made on or after this day (YYYY-MM-DD), down to the next entry's. */
  readonly madeFrom: string
  readonly years: number
  /**
   * Once, when the cylinder passes a periodic inspection after reaching its design life: it may
   * be used this many more years, counted from the end of its design life (so never beyond
   * `years + extensionYears` from manufacture).
   */
  readonly extensionYears?: number
  readonly source: string
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

const domainDefaults =
  'defaults of ../shared/domain.md (a general reading of TSG 23-2021 气瓶安全技术规程; not checked clause by clause)'
const life = (years: number): DesignLife[] => [{ madeFrom: '1900-01-01', years, source: domainDefaults }]

/** The first version: one design life per type whatever the manufacture date (as recorded by the events citing it). */
const firstVersion: Record<CylinderType, CylinderTypeRule> = {
  lpg_welded_steel: {
    inspectionIntervalYears: 4,
    designLife: life(15),
    preFillItems: commonPre,
    postFillItems: liquefiedPost,
    source: domainDefaults,
  },
  seamless_steel_general: {
    inspectionIntervalYears: 3,
    designLife: life(30),
    preFillItems: commonPre,
    postFillItems: compressedPost,
    source: domainDefaults,
  },
  seamless_steel_inert: {
    inspectionIntervalYears: 5,
    designLife: life(30),
    preFillItems: commonPre,
    postFillItems: compressedPost,
    source: domainDefaults,
  },
  corrosive_gas: {
    inspectionIntervalYears: 2,
    designLife: life(12),
    preFillItems: commonPre,
    postFillItems: liquefiedPost,
    source: domainDefaults,
  },
  dissolved_acetylene: {
    inspectionIntervalYears: 3,
    designLife: life(30),
    preFillItems: [...commonPre, 'filler_porous_mass'],
    postFillItems: liquefiedPost,
    source: domainDefaults,
  },
  vehicle_cng: {
    inspectionIntervalYears: 3,
    designLife: life(15),
    preFillItems: commonPre,
    postFillItems: compressedPost,
    source: domainDefaults,
  },
  fibre_wrapped_composite: {
    inspectionIntervalYears: 3,
    designLife: life(15),
    preFillItems: commonPre,
    postFillItems: compressedPost,
    source: domainDefaults,
  },
}

/**
 * LPG welded steel cylinders (液化石油气钢瓶). Made under GB 5842-2006 《液化石油气钢瓶》, in force
 * from 2007-02-01: design life 8 years; when it is reached, a passed periodic inspection allows 4
 * more, once (GB 8334-2011 《液化石油气钢瓶定期检验与评定》; as market supervision states it, e.g.
 * 长治市市场监督管理局 2023-08-18: "2007年2月1日以后按照国家标准GB5842-2006规定制造的钢瓶，设计使用
 * 年限为8年，允许达到设计使用年限后经检验合格继续使用4年，即12年强制报废"). Made before: scrapped
 * after 15 years of use (GB 8334: 使用期限超过15年的钢瓶应作报废处理). Unsure: whether cylinders
 * made under a later edition of GB 5842 have another design life is not modelled; their stamped
 * design life (设计使用年限, stored when given) then applies if shorter.
 */
const lpgWeldedSteelLife: DesignLife[] = [
  {
    madeFrom: '2007-02-01',
    years: 8,
    extensionYears: 4,
    source: 'GB 5842-2006 (design life 8 years), GB 8334-2011 (once 4 more after a passed inspection: 12 at most)',
  },
  { madeFrom: '1900-01-01', years: 15, source: 'GB 8334: cylinders used more than 15 years are scrapped' },
]

/** A version's rules: one rule per cylinder type. */
export type CylinderTypeRules = Readonly<Record<CylinderType, CylinderTypeRule>>

const DesignLifeSchema = z.strictObject({
  madeFrom: IsoDate,
  years: z.int().min(1).max(100),
  extensionYears: z.int().min(1).max(50).optional(),
  source: z.string().min(1).max(500),
})

const CylinderTypeRuleSchema = z.strictObject({
  inspectionIntervalYears: z.int().min(1).max(20),
  designLife: z
    .array(DesignLifeSchema)
    .min(1)
    .max(20)
    .refine((lives) => lives.every((d, i) => i === 0 || d.madeFrom < lives[i - 1]!.madeFrom), {
      message: 'the latest madeFrom first, each day once',
    })
    .refine((lives) => lives.at(-1)!.madeFrom === '1900-01-01', {
      message: 'the last entry covers every cylinder: madeFrom 1900-01-01',
    }),
  preFillItems: z.array(z.string()),
  postFillItems: z.array(z.string()),
  source: z.string().min(1).max(500),
})

/**
 * The rules of a version an administrator publishes
 * (`POST /admin/rule-tables/cylinderTypeRules/versions`): every cylinder type, its inspection
 * interval and design life. The fill check items stay those of the newest version in code: the
 * fill-check judges (`judgeFillChecks`, `fillCheckCompleteness`) read the code versions only, so
 * a published list would be ignored there; they are changed in code.
 */
const CylinderTypeRulesSchema = z
  .strictObject(
    Object.fromEntries(cylinderTypes.map((type) => [type, CylinderTypeRuleSchema])) as Record<
      CylinderType,
      typeof CylinderTypeRuleSchema
    >,
  )
  .superRefine((rules, ctx) => {
    const inCode = codeVersions.at(-1)!.rules
    for (const type of cylinderTypes) {
      for (const list of ['preFillItems', 'postFillItems'] as const) {
        if (rules[type][list].join() !== inCode[type][list].join()) {
          ctx.addIssue({
            code: 'custom',
            path: [type, list],
            message: `changed in code only (the fill-check judges read the code versions): ${inCode[type][list].join(', ')}`,
          })
        }
      }
    }
  }) as unknown as z.ZodType<CylinderTypeRules>

const codeVersions: RuleVersion<CylinderTypeRules>[] = [
  { version: 'cylinderTypeRules/2026-1', effectiveFrom: '2000-01-01', rules: firstVersion },
  {
    version: 'cylinderTypeRules/2026-2',
    // GB 5842-2006 in force: from this day cylinders made under it exist and are registered. A
    // registration before it can only be of a cylinder made before it: 15 years, as in 2026-1.
    effectiveFrom: '2007-02-01',
    rules: {
      ...firstVersion,
      lpg_welded_steel: {
        ...firstVersion.lpg_welded_steel,
        designLife: lpgWeldedSteelLife,
        source: 'periodic inspection every 4 years: GB 8334-2011, TSG 23-2021 (气瓶定期检验周期)',
      },
    },
  },
]

export const cylinderTypeRules = ruleTable<CylinderTypeRules>('cylinderTypeRules', codeVersions, {
  rulesSchema: CylinderTypeRulesSchema,
})

/**
 * The rule for a type on a day, with the version id events record; throws before the table
 * starts. `table`: the effective one (code and published versions) where a route loaded it.
 */
export function cylinderTypeRuleOn(
  type: CylinderType,
  date: string,
  table: RuleTable<CylinderTypeRules> = cylinderTypeRules,
): { version: string; rule: CylinderTypeRule } {
  const version = table.at(date)
  return { version: version.version, rule: version.rules[type] }
}

/**
 * A cylinder's design life under `rule`: the entry for its manufacture date, shortened to its
 * stamped design life when that is shorter (a stamp never lengthens what the standard allows).
 * `endDate` is its last day of use; `extendedEndDate` the last day after the one extension, when
 * the rule allows one.
 */
export function designLifeOf(
  rule: CylinderTypeRule,
  manufactureDate: string,
  stampedYears?: number | undefined,
): { years: number; endDate: string; extendedEndDate?: string | undefined; source: string } {
  const entry = rule.designLife.find((d) => d.madeFrom <= manufactureDate) ?? rule.designLife.at(-1)!
  const years = stampedYears === undefined ? entry.years : Math.min(stampedYears, entry.years)
  return {
    years,
    endDate: addYears(manufactureDate, years),
    extendedEndDate:
      entry.extensionYears === undefined ? undefined : addYears(manufactureDate, years + entry.extensionYears),
    source: entry.source,
  }
}

/**
 * The design-life end a passed periodic inspection on `inspectionDate` leaves: extended once
 * when the inspection is made after the design life is reached ("达到设计使用年限后经检验合格")
 * and before the extension would end; otherwise the plain end.
 */
export function designLifeEndAfterPass(
  rule: CylinderTypeRule,
  manufactureDate: string,
  stampedYears: number | undefined,
  inspectionDate: string,
): string {
  const life = designLifeOf(rule, manufactureDate, stampedYears)
  const extends_ =
    life.extendedEndDate !== undefined && inspectionDate >= life.endDate && inspectionDate <= life.extendedEndDate
  return extends_ ? life.extendedEndDate! : life.endDate
}
