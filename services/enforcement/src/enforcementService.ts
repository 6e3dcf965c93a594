import type { ServiceModule } from '@gsr/http-kit'
import { enforcementProjections, lateReportsProjection } from '@gsr/read-models/enforcement'
import { catalogueRoutes } from './routes/catalogueRoutes.ts'
import { organisationRoutes } from './routes/organisationRoutes.ts'
import { rateRoutes } from './routes/rateRoutes.ts'
import { violationRoutes } from './routes/violationRoutes.ts'

/**
 * Enforcement queries (执法查询): violations with their evidence, the four 100% rates on any
 * day, organisation summaries with a risk grade. Read-only: everything comes from the
 * enforcement projections, which read only the event log. Enforcement teams only; a team sees
 * its region and below.
 */
export const enforcementService: ServiceModule = {
  name: 'enforcement',
  projections: [...enforcementProjections, lateReportsProjection()],
  async routes(app, ctx) {
    await violationRoutes(app, ctx)
    await rateRoutes(app, ctx)
    await organisationRoutes(app, ctx)
    await catalogueRoutes(app)
  },
}
