import type { ServiceModule } from '@gsr/http-kit'
import { adminRoutes } from './adminRoutes.ts'

/** Organisations, their people and machine clients, and their credentials. */
export const adminService: ServiceModule = {
  name: 'admin',
  // Identity lives in the kit's tables (every service authenticates against them).
  migrations: [],
  projections: [],
  routes: adminRoutes,
}

export { ensureAdministrator } from './ensureAdministrator.ts'
