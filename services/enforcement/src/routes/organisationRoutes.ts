import { createKysely } from '@gsr/db'
import { chinaTimestamp } from '@gsr/domain'
import { regionPrefix } from '@gsr/events'
import { identity, Page, pageOf, problemResponses, type KitApp, type ServiceContext, requestToday } from '@gsr/http-kit'
import { organisationSummary, organisationsOperatingIn, type EnforcementTables } from '@gsr/read-models/enforcement'
import { auth, knownAtOf, scopedRegion, tags } from './enforcementQuery.ts'
import {
  DirectoryEntry,
  DirectoryQuery,
  OrganisationParams,
  OrganisationSummary,
  SummaryQuery,
} from './organisationSchemas.ts'
import { organisationInPath } from './organisationScope.ts'
import { riskCatalogue } from './riskCatalogue.ts'

/**
 * The organisation directory of a region (seated or operating there), and an organisation's
 * summary: open violations, the last 12 months by category, the risk grade (the risk catalogue's).
 */
export async function organisationRoutes(app: KitApp, ctx: ServiceContext): Promise<void> {
  const db = createKysely<EnforcementTables>(ctx.sql)

  app.get(
    '/enforcement/organisations',
    {
      config: { auth },
      schema: {
        tags,
        summary: 'The organisations seated or operating in a region (owning equipment, pipelines or cylinders there)',
        querystring: DirectoryQuery,
        response: { 200: Page(DirectoryEntry), ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const { after, limit, kind } = request.query
      const region = scopedRegion(request, request.query.region)
      const prefix = regionPrefix(region)
      const operating = await organisationsOperatingIn(ctx.sql, prefix)
      const rows = await identity.listOrganisationsInRegion(ctx.sql, {
        regionPrefix: prefix,
        operatingIds: operating.map((o) => o.organisationId),
        kind,
        after,
        limit: limit + 1,
      })
      const page = pageOf(rows, limit, (o) => o.id)
      const footprint = new Map(operating.map((o) => [o.organisationId, o]))
      return {
        ...page,
        items: page.items.map((o) => {
          const there = footprint.get(o.id)
          return {
            id: o.id,
            kind: o.kind,
            name: o.name,
            region: o.region,
            uscc: o.uscc,
            address: o.address,
            legalRepresentative: o.legalRepresentative,
            contact: o.contact,
            seatedInRegion: o.region.startsWith(prefix),
            operatesInRegion: {
              equipment: there?.equipment ?? 0,
              pipelines: there?.pipelines ?? 0,
              cylinders: there?.cylinders ?? 0,
            },
            updatedAt: o.updatedAt ? chinaTimestamp(o.updatedAt) : null,
          }
        }),
      }
    },
  )

  app.get(
    '/enforcement/organisations/:organisationId/summary',
    {
      config: { auth },
      schema: {
        tags,
        summary: 'Open violations, the last 12 months by category, and the risk grade A–E',
        params: OrganisationParams,
        querystring: SummaryQuery,
        response: { 200: OrganisationSummary, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      // Nonexistent, or outside the team's scope: 404 alike (organisationScope.ts).
      const organisation = await organisationInPath(request, ctx, db, request.params.organisationId)
      const on = request.query.on ?? requestToday(request)
      const knownAt = knownAtOf(request.query.knownAt)
      const prefix = regionPrefix(request.principal.region)
      // The grade is the risk catalogue's (one grade: riskCatalogueRules, /enforcement/risk-catalogue/:id explains it).
      const [graded] = await riskCatalogue(ctx, {
        regionPrefix: prefix,
        on,
        knownAt,
        organisationId: organisation.id,
        anyKind: true,
      })
      const summary = await organisationSummary(db, request.params.organisationId, on, prefix, knownAt)
      const { day, ...rest } = summary
      const { grade, score, rule } = graded!.assessment
      return {
        ...rest,
        name: organisation.name,
        on: day,
        byCategory: [...summary.byCategory],
        risk: {
          grade,
          score,
          rule,
          explanation: `/enforcement/risk-catalogue/${encodeURIComponent(organisation.id)}?on=${on}`,
        },
      }
    },
  )
}
