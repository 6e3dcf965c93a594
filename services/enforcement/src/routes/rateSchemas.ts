import { z } from 'zod'
import { IsoDate, RegionCode } from '@gsr/events'
import { pipelineRateKinds } from '@gsr/domain/enforcement'

const Shortfall = z.object({
  pipelineId: z.string(),
  region: z.string(),
  organisationId: z.string(),
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
export const RegionRates = z.object({
  region: z.string(),
  on: z.string(),
  rates: z.array(RateFigure),
  breakdown: z.array(z.object({ region: z.string(), rates: z.array(RateFigure) })),
})
export const RatesQuery = z.strictObject({
  region: RegionCode.optional().describe('default: the caller’s region'),
  on: IsoDate.optional().describe('evaluate as of this day (China time); default today'),
})
