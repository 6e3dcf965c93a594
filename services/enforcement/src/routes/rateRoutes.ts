import { createKysely } from '@gsr/db'
import { z } from 'zod'
import { addDays } from '@gsr/domain'
import { regionPrefix } from '@gsr/events'
import {
  fillTraceabilityCoverage,
  fillTraceabilityLabel,
  pipelineRateLabels,
  statutoryInspectionRateLabel,
  type RateFigure as RateFigureValue,
  type StatutoryInspectionFigure,
  type TraceabilityFigure,
} from '@gsr/domain/enforcement'
import {
  identity,
  problemResponses,
  requestLanguage,
  type KitApp,
  type ServiceContext,
  requestToday,
} from '@gsr/http-kit'
import { pipelineRates, ratesCsv, stationFillCounts, type EnforcementTables } from '@gsr/read-models/enforcement'
import { auth, knownAtOf, scopedRegion, sendCsv, tags } from './enforcementQuery.ts'
import { FillTraceability, RatesQuery, RegionRates, TraceabilityQuery } from './rateSchemas.ts'

/** Organisation names from the directory, for shortfalls that would otherwise show only ids. */
type Names = ReadonlyMap<string, string>
const named = <S extends { organisationId: string }>(names: Names, shortfalls: readonly S[]) =>
  shortfalls.map((s) => ({ ...s, organisationName: names.get(s.organisationId) ?? null }))

function withLabels(rates: readonly RateFigureValue[], names: Names) {
  return rates.map((r) => ({ ...r, label: pipelineRateLabels[r.rate], shortfalls: named(names, r.shortfalls) }))
}

function statutoryWithLabel(figure: StatutoryInspectionFigure, names: Names) {
  return { label: statutoryInspectionRateLabel, ...figure, shortfalls: named(names, figure.shortfalls) }
}

/** The four 100% (四个100%) and the statutory inspection rate of gas pressure pipelines, by region, as of a day. */
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
      const on = request.query.on ?? requestToday(request)
      const knownAt = request.query.knownAt
      const result = await pipelineRates(db, region, on, knownAtOf(knownAt))
      // Every shortfall of the breakdown is also one of the region's.
      const names = await identity.organisationNames(ctx.sql, [
        ...result.rates.flatMap((r) => r.shortfalls.map((s) => s.organisationId)),
        ...result.statutoryInspection.shortfalls.map((s) => s.organisationId),
        ...(result.asKnownNow?.changes.map((c) => c.organisationId) ?? []),
      ])
      const now = result.asKnownNow
      const bare = ({
        numerator,
        denominator,
        value,
      }: {
        numerator: number
        denominator: number
        value: number | null
      }) => ({ numerator, denominator, value })
      return {
        region,
        on,
        ...(result.knownAt ? { knownAt: result.knownAt } : {}),
        rates: withLabels(result.rates, names),
        statutoryInspection: statutoryWithLabel(result.statutoryInspection, names),
        breakdown: result.breakdown.map((b) => ({
          region: b.region,
          rates: withLabels(b.rates, names),
          statutoryInspection: statutoryWithLabel(b.statutoryInspection, names),
        })),
        ...(now
          ? {
              asKnownNow: {
                rates: now.rates.map((r) => ({ rate: r.rate, ...bare(r) })),
                statutoryInspection: bare(now.statutoryInspection),
                changes: now.changes.map((c) => ({
                  ...c,
                  organisationName: names.get(c.organisationId) ?? null,
                  changes: [...c.changes],
                  lateFacts: [...c.lateFacts],
                })),
              },
            }
          : {}),
      }
    },
  )

  app.get(
    '/enforcement/rates.csv',
    {
      config: { auth },
      schema: {
        tags,
        summary:
          'The rates as CSV: the region and each region one level down, one row per rate (the four 100% and the statutory inspection rate); header and labels follow Accept-Language, UTF-8 with a byte-order mark',
        querystring: RatesQuery,
        response: { 200: z.string(), ...problemResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const region = scopedRegion(request, request.query.region)
      const on = request.query.on ?? requestToday(request)
      const knownAt = request.query.knownAt
      const language = requestLanguage(request)
      const csv = ratesCsv(await pipelineRates(db, region, on, knownAtOf(knownAt)), language)
      // As reported at knownAt: the file name says so (compact UTC instant, safe in a file name).
      const asOf = knownAt === undefined ? '' : `-known-${new Date(knownAt).toISOString().replace(/[-:.]/g, '')}`
      return sendCsv(reply, { name: `rates-${region}-${on}${asOf}.csv`, language, body: csv })
    },
  )

  app.get(
    '/enforcement/rates/fill-traceability',
    {
      config: { auth },
      schema: {
        tags,
        summary:
          'Cylinder-filling traceability coverage (气瓶充装追溯覆盖率) and fill counts of the region and by district, over the days ending on a day',
        querystring: TraceabilityQuery,
        response: { 200: FillTraceability, ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const region = scopedRegion(request, request.query.region)
      const on = request.query.on ?? requestToday(request)
      const from = addDays(on, 1 - request.query.days)
      const counts = await stationFillCounts(ctx.sql, { regionPrefix: regionPrefix(region), from, to: on })
      const { total, byDistrict } = fillTraceabilityCoverage(counts)
      const names = await identity.organisationNames(
        ctx.sql,
        total.shortfalls.map((s) => s.stationId),
      )
      const plain = <T extends TraceabilityFigure>(f: T) => ({
        ...f,
        shortfalls: f.shortfalls.map((s) => ({ ...s, stationName: names.get(s.stationId) ?? null })),
      })
      return { region, on, from, label: fillTraceabilityLabel, total: plain(total), byDistrict: byDistrict.map(plain) }
    },
  )
}
