import type { ServiceModule } from '@gsr/http-kit'
import { cylinderProjections } from '@gsr/read-models/cylinders'
import { cylinderProblems } from './cylinderProblems.ts'
import { applianceRoutes } from './routes/applianceRoutes.ts'
import { cylinderRoutes } from './routes/cylinderRoutes.ts'
import { fillRoutes } from './routes/fillRoutes.ts'
import { importRoutes } from './routes/importRoutes.ts'
import { operatorRoutes } from './routes/operatorRoutes.ts'

/**
 * The gas-safety side: cylinder register and filling (pre-fill check, fill records), operator
 * certificates, CCC certification of household gas appliances. Read models: cylinder_register,
 * operator_register and appliance_register tables, run as one projection (`gas_safety`).
 */
export const cylindersService: ServiceModule = {
  name: 'cylinders',
  migrations: [],
  projections: cylinderProjections,
  problems: cylinderProblems,
  async routes(app, ctx) {
    await cylinderRoutes(app, ctx)
    await fillRoutes(app, ctx)
    await operatorRoutes(app, ctx)
    await applianceRoutes(app, ctx)
    await importRoutes(app, ctx)
  },
}
