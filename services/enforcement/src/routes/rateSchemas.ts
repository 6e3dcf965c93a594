import { z } from 'zod'
import { IsoDate, RegionCode } from '@gsr/events'
import { KnownAt } from './enforcementQuery.ts'
import { pipelineRateKinds } from '@gsr/domain/enforcement'

const Shortfall = z.object({
  pipelineId: z.string(),
  region: z.string(),
  organisationId: z.string(),
  organisationName: z.string().nullable().describe('from the organisation directory; null when not registered there'),
  reason: z.string(),
})
export const RateFigure = z.object({
  rate: z.enum(pipelineRateKinds),
  label: z.object({ 'zh-CN': z.string(), en: z.string() }),
  numerator: z.number().int(),
  denominator: z.number().int(),
  value: z.number().nullable().describe('numerator / denominator; null when nothing is counted'),
  shortfalls: z.array(Shortfall),
})
export const StatutoryInspectionFigure = z
  .object({
    label: z.object({ 'zh-CN': z.string(), en: z.string() }),
    numerator: z.number().int(),
    denominator: z.number().int(),
    value: z.number().nullable().describe('numerator / denominator; null when no pipeline owes an inspection'),
    byObligation: z
      .object({ installation: z.number().int(), periodic: z.number().int() })
      .describe('of the denominator: owing installation supervision / periodic inspection'),
    shortfalls: z.array(Shortfall),
  })
  .describe(
    '燃气压力管道法定检验率: pipelines that had the statutory inspection they owe on the day / pipelines owing one (statutoryInspectionRateAt.ts)',
  )
const FigureStanding = z
  .union([
    z.object({ counted: z.literal(true) }),
    z.object({ counted: z.literal(false), shortfall: z.string() }),
    z.null(),
  ])
  .describe('null: not in the denominator; else counted, or short and why')
const BareFigure = z.object({
  numerator: z.number().int(),
  denominator: z.number().int(),
  value: z.number().nullable(),
})
const AsKnownNow = z
  .object({
    rates: z.array(BareFigure.extend({ rate: z.enum(pipelineRateKinds) })),
    statutoryInspection: BareFigure,
    changes: z
      .array(
        z.object({
          pipelineId: z.string(),
          region: z.string(),
          organisationId: z.string(),
          organisationName: z.string().nullable(),
          changes: z.array(
            z.object({
              rate: z.enum([...pipelineRateKinds, 'statutory_inspection']),
              asReported: FigureStanding,
              asKnownNow: FigureStanding,
            }),
          ),
          lateFacts: z
            .array(
              z.object({
                eventId: z.string(),
                type: z.string(),
                fieldDay: z.string().describe('the field day the event states'),
                recordedAt: z.string().describe('when the log learnt it, after knownAt'),
              }),
            )
            .describe('its stage events recorded after knownAt, in log order'),
        }),
      )
      .describe('each pipeline whose standing on the day differs between knownAt and now'),
  })
  .describe('only with knownAt: the region’s figures as the log stands now, and what changed them since knownAt')
export const RegionRates = z.object({
  region: z.string(),
  on: z.string(),
  knownAt: z.string().optional().describe('the figures are as the log stood at this instant (as reported then)'),
  rates: z.array(RateFigure),
  statutoryInspection: StatutoryInspectionFigure,
  breakdown: z.array(
    z.object({ region: z.string(), rates: z.array(RateFigure), statutoryInspection: StatutoryInspectionFigure }),
  ),
  asKnownNow: AsKnownNow.optional(),
})
export const RatesQuery = z.strictObject({
  region: RegionCode.optional().describe('default: the caller’s region'),
  on: IsoDate.optional().describe('evaluate as of this day (China time); default today'),
  knownAt: KnownAt,
})

export const TraceabilityQuery = RatesQuery.omit({ knownAt: true }).extend({
  days: z.coerce
    .number()
    .int()
    .min(1)
    .max(366)
    .default(30)
    .describe('the period: this many field days ending on `on` (default 30)'),
})
const TraceabilityFigure = z.object({
  fills: z.number().int().describe('fills recorded in the period (region-wide fill count)'),
  traced: z.number().int(),
  coverage: z.number().nullable().describe('traced / fills; null when nothing was filled'),
  stations: z.number().int(),
  stationsFullyTraced: z.number().int(),
  shortfalls: z.array(
    z.object({ stationId: z.string(), stationName: z.string().nullable(), untraced: z.number().int() }),
  ),
})
export const FillTraceability = z
  .object({
    region: z.string(),
    on: z.string(),
    from: z.string(),
    label: z.object({ 'zh-CN': z.string(), en: z.string() }),
    total: TraceabilityFigure,
    byDistrict: z.array(TraceabilityFigure.extend({ district: z.string() })),
  })
  .describe(
    '气瓶充装追溯覆盖率: fills of a registered cylinder after an allowing pre-fill check of the system / fills (fillTraceabilityCoverage.ts)',
  )
