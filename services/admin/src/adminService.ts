import type { ServiceModule } from '@gsr/http-kit'
// In registration order: the OpenAPI components keep the order their schemas are defined in.
import { organisationRoutes } from './routes/organisationRoutes.ts'
import { memberRoutes } from './routes/memberRoutes.ts'
import { credentialRoutes } from './routes/credentialRoutes.ts'
import { authRoutes } from './routes/authRoutes.ts'
import { ruleTableRoutes } from './routes/ruleTableRoutes.ts'
import { ruleTableProblems } from './ruleTableProblems.ts'

/** Organisations, their people and machine clients, and their credentials; publication of rule tables. */
export const adminService: ServiceModule = {
  name: 'admin',
  // Identity lives in the kit's tables (every service authenticates against them).
  migrations: [],
  projections: [],
  problems: ruleTableProblems,
  async routes(app, ctx) {
    await organisationRoutes(app, ctx)
    await memberRoutes(app, ctx)
    await credentialRoutes(app, ctx)
    await authRoutes(app, ctx)
    await ruleTableRoutes(app, ctx)
  },
}
