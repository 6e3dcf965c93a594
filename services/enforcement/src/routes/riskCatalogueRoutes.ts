import type { FastifyRequest } from 'fastify'
import { createKysely } from '@gsr/db'
import { addDays, addMonths } from '@gsr/domain'
import { regionPrefix } from '@gsr/events'
import {
  notFound,
  problemResponses,
  requestLanguage,
  type KitApp,
  type ServiceContext,
  requestToday,
} from '@gsr/http-kit'
import { csvCell, type EnforcementTables } from '@gsr/read-models/enforcement'
import { z } from 'zod'
import { auth, knownAtOf, scopedRegion, sendCsv } from './enforcementQuery.ts'
import { organisationInPath } from './organisationScope.ts'
import { riskCatalogue, type CatalogueEntry as Entry } from './riskCatalogue.ts'
import {
  CatalogueFilter,
  CatalogueQuery,
  ExplanationParams,
  ExplanationQuery,
  HistoryQuery,
  RiskCatalogue,
  RiskExplanation,
  RiskHistory,
} from './riskCatalogueSchemas.ts'

const tags = ['enforcement: risk catalogue and random inspection']

const csvHeader = {
  en: ['organisation_id', 'name', 'kind', 'region', 'on', 'grade', 'score', 'rule_version', 'indicators'],
  'zh-CN': ['单位编号', '单位名称', '单位类型', '住所行政区划', '评定日', '风险等级', '分值', '规则版本', '计分指标'],
} as const

/**
 * The risk catalogue (风险等级分级分类名录库): every supervised organisation of a region graded
 * A–E on a day (rule table riskCatalogueRules, assessRisk), as a page, as CSV, one
 * organisation's explanation and its grade at each month end. Enforcement teams, their region
 * and below; an organisation named in the path outside the scope: 404 (organisationScope.ts).
 */
export async function riskCatalogueRoutes(app: KitApp, ctx: ServiceContext): Promise<void> {
  const db = createKysely<EnforcementTables>(ctx.sql)

  const filtered = async (request: FastifyRequest, query: z.infer<typeof CatalogueFilter>, region: string) => {
    const on = query.on ?? requestToday(request)
    const entries = await riskCatalogue(ctx, {
      regionPrefix: regionPrefix(region),
      on,
      knownAt: knownAtOf(query.knownAt),
      kind: query.kind,
    })
    return { on, entries: entries.filter((e) => query.grade === undefined || e.assessment.grade === query.grade) }
  }
  const entryOf = (e: Entry) => ({
    organisationId: e.organisation.id,
    name: e.organisation.name,
    kind: e.organisation.kind,
    region: e.organisation.region,
    grade: e.assessment.grade,
    score: e.assessment.score,
    rule: e.assessment.rule,
    explanation: `/enforcement/risk-catalogue/${encodeURIComponent(e.organisation.id)}?on=${e.assessment.on}`,
  })

  app.get(
    '/enforcement/risk-catalogue',
    {
      config: { auth },
      schema: {
        tags,
        summary: 'The risk catalogue (风险等级分级分类名录库): supervised organisations graded A–E on a day',
        description:
          'Every organisation of a supervised kind seated or operating in the region, graded by the indicator rule table riskCatalogueRules in force on `on`; filter by grade and kind; by organisation id, cursor-paged.',
        querystring: CatalogueQuery,
        response: { 200: RiskCatalogue, ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const region = scopedRegion(request, request.query.region)
      const { on, entries } = await filtered(request, request.query, region)
      const { after, limit } = request.query
      const rest = entries.filter((e) => after === undefined || e.organisation.id > after)
      const page = rest.slice(0, limit)
      return {
        region,
        on,
        ...(request.query.knownAt ? { knownAt: request.query.knownAt } : {}),
        items: page.map(entryOf),
        ...(rest.length > limit ? { next: page.at(-1)!.organisation.id } : {}),
      }
    },
  )

  app.get(
    '/enforcement/risk-catalogue.csv',
    {
      config: { auth },
      schema: {
        tags,
        summary: 'The risk catalogue as CSV (same filters, every row); header follows Accept-Language, UTF-8 with BOM',
        querystring: CatalogueFilter,
        response: { 200: z.string(), ...problemResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const region = scopedRegion(request, request.query.region)
      const { on, entries } = await filtered(request, request.query, region)
      const language = requestLanguage(request)
      const rows: unknown[][] = [[...csvHeader[language]]]
      for (const e of entries)
        rows.push([
          e.organisation.id,
          e.organisation.name,
          e.organisation.kind,
          e.organisation.region,
          on,
          e.assessment.grade,
          e.assessment.score,
          e.assessment.rule.version,
          e.assessment.indicators
            .filter((i) => i.points > 0)
            .map((i) => `${i.indicator}=${i.points}`)
            .join('; '),
        ])
      const body = `${rows.map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`
      return sendCsv(reply, { name: `risk-catalogue-${region}-${on}.csv`, language, body })
    },
  )

  /** One organisation graded in the caller's region; out of scope or not supervised: 404. */
  const gradeOne = async (
    request: Parameters<typeof organisationInPath>[0],
    id: string,
    on: string,
    knownAt?: Date,
    dayField = 'on',
  ) => {
    const [entry] = await riskCatalogue(ctx, {
      regionPrefix: regionPrefix(request.principal.region),
      on,
      knownAt,
      organisationId: id,
      dayField,
    })
    if (!entry) throw notFound()
    return entry
  }

  app.get(
    '/enforcement/risk-catalogue/:organisationId',
    {
      config: { auth },
      schema: {
        tags,
        summary: 'Why an organisation has its grade: each indicator, its points and the records behind them',
        params: ExplanationParams,
        querystring: ExplanationQuery,
        response: { 200: RiskExplanation, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      await organisationInPath(request, ctx, db, request.params.organisationId)
      const on = request.query.on ?? requestToday(request)
      const { organisation, assessment } = await gradeOne(
        request,
        request.params.organisationId,
        on,
        knownAtOf(request.query.knownAt),
      )
      return {
        organisationId: organisation.id,
        name: organisation.name,
        kind: organisation.kind,
        region: request.principal.region,
        on,
        ...(request.query.knownAt ? { knownAt: request.query.knownAt } : {}),
        grade: assessment.grade,
        score: assessment.score,
        rule: assessment.rule,
        indicators: assessment.indicators.map((i) => ({ ...i, signals: [...i.signals] })),
      }
    },
  )

  app.get(
    '/enforcement/risk-catalogue/:organisationId/history',
    {
      config: { auth },
      schema: {
        tags,
        summary: 'An organisation’s grade at each month end (the last one: the day asked), oldest first',
        params: ExplanationParams,
        querystring: HistoryQuery,
        response: { 200: RiskHistory, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      await organisationInPath(request, ctx, db, request.params.organisationId)
      const to = request.query.to ?? requestToday(request)
      const firstOfMonth = `${to.slice(0, 7)}-01`
      const days = [to]
      for (let i = 1; i < request.query.months; i++) days.unshift(addDays(addMonths(firstOfMonth, 1 - i), -1))
      const months = []
      for (const on of days) {
        const { assessment } = await gradeOne(request, request.params.organisationId, on, undefined, 'to')
        months.push({ on, grade: assessment.grade, score: assessment.score, rule: assessment.rule })
      }
      return { organisationId: request.params.organisationId, months }
    },
  )
}
