import { z } from 'zod'
import { IsoDate, RegionCode } from '@gsr/events'
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
export const RegionRates = z.object({
  region: z.string(),
  on: z.string(),
  rates: z.array(RateFigure),
  statutoryInspection: StatutoryInspectionFigure,
  breakdown: z.array(
    z.object({ region: z.string(), rates: z.array(RateFigure), statutoryInspection: StatutoryInspectionFigure }),
  ),
})
export const RatesQuery = z.strictObject({
  region: RegionCode.optional().describe('default: the caller’s region'),
  on: IsoDate.optional().describe('evaluate as of this day (China time); default today'),
})

export const TraceabilityQuery = RatesQuery.extend({
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
