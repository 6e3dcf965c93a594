import { z } from 'zod'
import { OrganisationId, RegionCode } from '@gsr/events'
import { Cursor, Page, problemResponses, type KitApp, type ServiceContext } from '@gsr/http-kit'
import { listInspections } from '@gsr/read-models/equipment'
import { withCursor } from '../routeHelpers.ts'
import { listScope } from '@gsr/http-kit'
import { InspectionView, inspectionView, pageReply } from '../views.ts'

const ListQuery = Cursor.extend({
  subjectKind: z.enum(['equipment', 'pipeline']).optional(),
  subjectId: z.string().min(1).max(128).optional(),
  region: RegionCode.optional(),
  agencyId: OrganisationId.optional(),
}).strict()

export async function inspectionRoutes(app: KitApp, ctx: ServiceContext): Promise<void> {
  app.get(
    '/inspections',
    {
      schema: {
        tags: ['registry: inspections'],
        summary: 'Inspection history, newest first',
        description: 'Users: their own equipment; agencies: their own results; enforcement: its region and below.',
        querystring: ListQuery,
        response: { 200: Page(InspectionView), ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const q = request.query
      const p = request.principal
      const scope = p.organisationKind === 'inspection_agency' ? {} : listScope(p, q.region)
      const page = await withCursor(() =>
        listInspections(
          ctx.sql,
          {
            subjectKind: q.subjectKind,
            subjectId: q.subjectId,
            organisationId: scope.organisationId,
            regions: scope.regions ?? (q.region ? [q.region] : undefined),
            agencyId: p.organisationKind === 'inspection_agency' ? p.organisationId : q.agencyId,
          },
          { cursor: q.after, limit: q.limit },
        ),
      )
      return pageReply(page, inspectionView)
    },
  )
}
