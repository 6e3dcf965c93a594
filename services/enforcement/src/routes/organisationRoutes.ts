import { createKysely } from '@gsr/db'
import { regionPrefix } from '@gsr/events'
import { canActInRegion, identity, notFound, problemResponses, type KitApp, type ServiceContext } from '@gsr/http-kit'
import { organisationSummary, type EnforcementTables } from '@gsr/read-models/enforcement'
import { auth, tags, today } from './enforcementQuery.ts'
import { OrganisationParams, OrganisationSummary, SummaryQuery } from './organisationSchemas.ts'

/** An organisation's summary: open violations, the last 12 months by category, the risk grade. */
export async function organisationRoutes(app: KitApp, ctx: ServiceContext): Promise<void> {
  const db = createKysely<EnforcementTables>(ctx.sql)

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
      // A registered organisation outside the team's region does not exist for the team.
      const organisation = await identity.getOrganisation(ctx.sql, request.params.organisationId)
      if (organisation && !canActInRegion(request.principal, organisation.region)) throw notFound()
      const on = request.query.on ?? today(ctx)
      const summary = await organisationSummary(
        db,
        request.params.organisationId,
        on,
        regionPrefix(request.principal.region),
      )
      const { day, ...rest } = summary
      return { ...rest, on: day, byCategory: [...summary.byCategory] }
    },
  )
}
