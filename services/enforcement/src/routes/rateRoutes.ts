import { createKysely } from '@gsr/db'
import { pipelineRateLabels, type RateFigure as RateFigureValue } from '@gsr/domain/enforcement'
import { problemResponses, type KitApp, type ServiceContext } from '@gsr/http-kit'
import { pipelineRates, type EnforcementTables } from '@gsr/read-models/enforcement'
import { auth, scopedRegion, tags, today } from './enforcementQuery.ts'
import { RatesQuery, RegionRates } from './rateSchemas.ts'

function withLabels(rates: readonly RateFigureValue[]) {
  return rates.map((r) => ({ ...r, label: pipelineRateLabels[r.rate], shortfalls: [...r.shortfalls] }))
}

/** The four 100% (四个100%) of gas pressure pipelines, by region, as of a day. */
export async function rateRoutes(app: KitApp, ctx: ServiceContext): Promise<void> {
  const db = createKysely<EnforcementTables>(ctx.sql)

  app.get(
    '/enforcement/rates',
    {
      config: { auth },
      schema: {
        tags,
        summary: 'The four 100% (四个100%) for gas pressure pipelines, by region, as of a day',
        querystring: RatesQuery,
        response: { 200: RegionRates, ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const region = scopedRegion(request, request.query.region)
      const on = request.query.on ?? today(ctx)
      const result = await pipelineRates(db, region, on)
      return {
        region,
        on,
        rates: withLabels(result.rates),
        breakdown: result.breakdown.map((b) => ({ region: b.region, rates: withLabels(b.rates) })),
      }
    },
  )
}
