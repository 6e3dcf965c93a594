import { z } from 'zod'
import { EquipmentCategory, equipmentCategories } from '@gsr/events/equipment'
import { DomainError } from '../Decider.ts'
import { ruleRef, ruleTable, type RuleTable } from '../RuleTable.ts'

/**
 * Rule table `inspectionIntervals`: periodic inspection interval per category, safety grade,
 * pipeline grade and subtype. `firstWithinMonths`: the first inspection after putting into
 * service, when it differs. `intervalMonths: null`: the equipment must not be used at that grade.
 * Each rule cites the regulation it follows (`source`); where the text could not be checked
 * here the note says so.
 */
export interface InspectionIntervalRule {
  readonly category: EquipmentCategory
  /** Matches when equal; undefined matches any grade. */
  readonly safetyGrade?: number
  /** Matches a pipeline of one of these grades (管道级别, e.g. GC1, GB1); undefined matches any. */
  readonly pipelineGrades?: readonly string[]
  /** Matches when equal; undefined matches any subtype. */
  readonly subtype?: string
  readonly intervalMonths: number | null
  readonly firstWithinMonths?: number
  readonly note?: string
  /** The regulation and clause the value follows. */
  readonly source?: string
}

/** TSG D7005-2018 《压力管道定期检验规则——工业管道》 (GC1, GC2, GC3). */
const tsgD7005 = 'TSG D7005-2018 压力管道定期检验规则——工业管道, 检验周期'
/** TSG D7004-2010 《压力管道定期检验规则——公用管道》 (GB1 city gas, GB2 heating). */
const tsgD7004 = 'TSG D7004-2010 压力管道定期检验规则——公用管道, 全面检验周期'
const tsg21 = 'TSG 21-2016 固定式压力容器安全技术监察规程 8.1.6'
const tsgQ7015 = 'TSG Q7015-2016 起重机械定期检验规则, 定期检验周期'

/** Industrial pipelines of grade GC1/GC2 and GC3: same first inspection and grade 3, 4; GC3 longer at 1-2. */
const industrialPipelineRules = (grades: readonly string[], grade12Months: number): InspectionIntervalRule[] => [
  ...[1, 2].map((safetyGrade) => ({
    category: 'pressure_pipeline' as const,
    pipelineGrades: grades,
    safetyGrade,
    intervalMonths: grade12Months,
    firstWithinMonths: 36,
    source: `${tsgD7005}: first within 3 years of use; grade 1-2: GC1/GC2 at most 6 years, GC3 at most 9 years`,
  })),
  {
    category: 'pressure_pipeline',
    pipelineGrades: grades,
    safetyGrade: 3,
    intervalMonths: 36,
    firstWithinMonths: 36,
    source: `${tsgD7005}: grade 3 at most 3 years, monitored in use`,
  },
  ...[4, 5].map((safetyGrade) => ({
    category: 'pressure_pipeline' as const,
    pipelineGrades: grades,
    safetyGrade,
    intervalMonths: null,
    note: 'defects must be dealt with before further use',
    source: `${tsgD7005}: grade 4: the defects are dealt with, otherwise the pipeline must not be used`,
  })),
  {
    category: 'pressure_pipeline',
    pipelineGrades: grades,
    intervalMonths: 36,
    firstWithinMonths: 36,
    note: 'grade not yet set',
    source: `${tsgD7005}: first within 3 years of use`,
  },
]

/** Matches any equipment of its category (no grade, pipeline grade or subtype condition). */
const matchesAny = (r: { safetyGrade?: unknown; pipelineGrades?: unknown; subtype?: unknown }) =>
  r.safetyGrade === undefined && r.pipelineGrades === undefined && r.subtype === undefined

/**
 * The rules of a version an administrator publishes
 * (`POST /admin/rule-tables/inspectionIntervals/versions`): the first matching rule applies, so
 * the last rule of each category must match any equipment of it (no equipment without a rule).
 */
const InspectionIntervalRulesSchema = z
  .array(
    z.strictObject({
      category: EquipmentCategory,
      safetyGrade: z.int().min(1).max(5).optional(),
      pipelineGrades: z
        .array(z.string().regex(/^(GA|GB|GC|GD)[0-9]?$/, 'pipeline grade, e.g. GB1'))
        .min(1)
        .optional(),
      subtype: z.string().min(1).max(64).optional(),
      intervalMonths: z.int().min(1).max(240).nullable(),
      firstWithinMonths: z.int().min(1).max(240).optional(),
      note: z.string().max(500).optional(),
      source: z.string().min(1).max(500).optional(),
    }),
  )
  .max(500)
  .superRefine((rules, ctx) => {
    for (const category of equipmentCategories) {
      const last = rules.findLastIndex((r) => r.category === category)
      if (last < 0 || !matchesAny(rules[last]!)) {
        ctx.addIssue({
          code: 'custom',
          path: last < 0 ? [] : [last],
          message: `the last rule of ${category} must match any of it (no safetyGrade, pipelineGrades or subtype)`,
        })
      }
    }
  }) as unknown as z.ZodType<readonly InspectionIntervalRule[]>

export const inspectionIntervals = ruleTable<readonly InspectionIntervalRule[]>(
  'inspectionIntervals',
  [
    {
      version: '2022.1',
      // From the date window's historical floor: equipment put into service, inspected or due
      // before the registry existed is judged by this first version (the id events cite).
      effectiveFrom: '1900-01-01',
      // Most specific rules first: the first match wins. Pressure pipelines were a copy of the
      // pressure-vessel rows (an error corrected by 2026.1); kept as recorded for the events citing it.
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
    {
      version: '2026.1',
      // Corrects 2022.1 on every day it covered: its pipeline rows were never a regulation's.
      // The values are those of the regulations in force now; earlier editions (e.g. the 2003
      // 在用工业管道定期检验规程) are not modelled separately.
      effectiveFrom: '1900-01-01',
      corrects: '2022.1',
      rules: [
        {
          category: 'boiler',
          intervalMonths: 12,
          note: 'external yearly; internal every 2 years',
          source: 'TSG 11-2020 锅炉安全技术规程, 定期检验: external inspection yearly, internal every 2 years',
        },
        { category: 'pressure_vessel', safetyGrade: 1, intervalMonths: 72, firstWithinMonths: 36, source: tsg21 },
        { category: 'pressure_vessel', safetyGrade: 2, intervalMonths: 72, firstWithinMonths: 36, source: tsg21 },
        {
          category: 'pressure_vessel',
          safetyGrade: 3,
          intervalMonths: 36,
          firstWithinMonths: 36,
          source: `${tsg21}: grade 3 every 3 to 6 years (the shorter kept)`,
        },
        {
          category: 'pressure_vessel',
          safetyGrade: 4,
          intervalMonths: 12,
          firstWithinMonths: 36,
          note: 'monitored',
          source: `${tsg21}: grade 4 monitored in use, at most 3 years in all, checked yearly`,
        },
        {
          category: 'pressure_vessel',
          safetyGrade: 5,
          intervalMonths: null,
          note: 'must not be used',
          source: `${tsg21}: grade 5 must not be used`,
        },
        {
          category: 'pressure_vessel',
          intervalMonths: 36,
          firstWithinMonths: 36,
          note: 'grade not yet set',
          source: `${tsg21}: first within 3 years of use`,
        },
        ...industrialPipelineRules(['GC1', 'GC2'], 72),
        ...industrialPipelineRules(['GC3'], 108),
        // Public pipelines, city gas (GB1). Unsure: the clause of TSG D7004-2010 could not be checked
        // here; the values are the general reading of ../shared/domain.md (first within 3 years; grade
        // 1-2 six years, 3 three years, 4 yearly) and must be checked against the published text.
        ...[1, 2].map((safetyGrade) => ({
          category: 'pressure_pipeline' as const,
          pipelineGrades: ['GB1'],
          safetyGrade,
          intervalMonths: 72,
          firstWithinMonths: 36,
          source: `${tsgD7004} (unsure: clause not checked)`,
        })),
        {
          category: 'pressure_pipeline',
          pipelineGrades: ['GB1'],
          safetyGrade: 3,
          intervalMonths: 36,
          firstWithinMonths: 36,
          source: `${tsgD7004} (unsure: clause not checked)`,
        },
        {
          category: 'pressure_pipeline',
          pipelineGrades: ['GB1'],
          safetyGrade: 4,
          intervalMonths: 12,
          firstWithinMonths: 36,
          note: 'monitored',
          source: `${tsgD7004} (unsure: clause not checked)`,
        },
        // A pipeline whose grade (GA, GB2, GD, or none recorded) has no row above: the general reading.
        { category: 'pressure_pipeline', safetyGrade: 1, intervalMonths: 72, firstWithinMonths: 36 },
        { category: 'pressure_pipeline', safetyGrade: 2, intervalMonths: 72, firstWithinMonths: 36 },
        { category: 'pressure_pipeline', safetyGrade: 3, intervalMonths: 36, firstWithinMonths: 36 },
        { category: 'pressure_pipeline', safetyGrade: 4, intervalMonths: 12, firstWithinMonths: 36 },
        { category: 'pressure_pipeline', safetyGrade: 5, intervalMonths: null, note: 'must not be used' },
        { category: 'pressure_pipeline', intervalMonths: 36, firstWithinMonths: 36, note: 'grade not yet set' },
        {
          category: 'elevator',
          intervalMonths: 12,
          source: 'TSG T7001-2009 电梯监督检验和定期检验规则——曳引与强制驱动电梯: periodic inspection yearly',
        },
        ...(['tower_crane', 'construction_hoist', 'mobile_crane'] as const).map((subtype) => ({
          category: 'lifting_machinery' as const,
          subtype,
          intervalMonths: 12,
          source: `${tsgQ7015}: tower cranes, hoists (升降机) and mobile cranes yearly`,
        })),
        {
          category: 'lifting_machinery',
          subtype: 'molten_metal_crane',
          intervalMonths: 12,
          note: 'carries molten or glowing metal (吊运熔融金属和炽热金属)',
          source: `${tsgQ7015}: cranes carrying molten or glowing metal yearly`,
        },
        {
          category: 'lifting_machinery',
          intervalMonths: 24,
          source: `${tsgQ7015}: bridge, gantry, portal, cable, mast, railway and jib cranes, light lifting devices and mechanical parking every 2 years`,
        },
        {
          category: 'passenger_ropeway',
          intervalMonths: 12,
          source: 'TSG S7001-2013 客运索道监督检验和定期检验规则: yearly',
        },
        {
          category: 'large_amusement_ride',
          intervalMonths: 12,
          source: 'TSG Y7002 大型游乐设施定期检验规则: yearly (edition not checked here)',
        },
        {
          category: 'in_site_vehicle',
          intervalMonths: 12,
          source: 'TSG N0001-2017 场（厂）内专用机动车辆安全技术监察规程: periodic inspection yearly',
        },
      ],
    },
  ],
  { rulesSchema: InspectionIntervalRulesSchema },
)

export interface InspectionInterval {
  readonly intervalMonths: number
  readonly firstWithinMonths: number
  readonly rule: { name: string; version: string }
}

/** The interval in force on `onDate`; throws `safety_grade_not_usable` for a grade that forbids use. */
export function inspectionIntervalFor(
  category: EquipmentCategory,
  attributes: { safetyGrade?: number | undefined; pipelineGrade?: string | undefined; subtype?: string | undefined },
  onDate: string,
  table: RuleTable<readonly InspectionIntervalRule[]> = inspectionIntervals,
): InspectionInterval {
  const version = table.at(onDate)
  const match = version.rules.find(
    (r) =>
      r.category === category &&
      (r.safetyGrade === undefined || r.safetyGrade === attributes.safetyGrade) &&
      (r.pipelineGrades === undefined ||
        (attributes.pipelineGrade !== undefined && r.pipelineGrades.includes(attributes.pipelineGrade))) &&
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
    rule: ruleRef(table, version),
  }
}
