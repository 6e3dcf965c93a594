import type { ServiceModule } from '@gsr/http-kit'
import { equipmentProjections } from '@gsr/read-models/equipment'
import { registryProblems } from './registryProblems.ts'
import { equipmentRoutes } from './routes/equipmentRoutes.ts'
import { fieldFindingRoutes } from './routes/fieldFindingRoutes.ts'
import { importRoutes } from './routes/importRoutes.ts'
import { inspectionRoutes } from './routes/inspectionRoutes.ts'
import { pipelineRoutes } from './routes/pipelineRoutes.ts'
import { registrationRoutes } from './routes/registrationRoutes.ts'

/**
 * The registry of special equipment and gas pressure pipelines: registration, the pipeline
 * lifecycle, inspections, field findings, bulk import, and the registers they feed.
 */
export const registryService: ServiceModule = {
  name: 'registry',
  projections: equipmentProjections,
  problems: registryProblems,
  async routes(app, ctx) {
    await equipmentRoutes(app, ctx)
    await registrationRoutes(app, ctx)
    await pipelineRoutes(app, ctx)
    await inspectionRoutes(app, ctx)
    await fieldFindingRoutes(app, ctx)
    await importRoutes(app, ctx)
  },
}
