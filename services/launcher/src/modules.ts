import type { ServiceModule } from '@gsr/http-kit'
import { adminService } from '@gsr/admin-service'
import { enforcementService } from '@gsr/enforcement-service'
import { registryService } from '@gsr/registry-service'
import { cylindersService } from '@gsr/cylinders-service'

/**
 * Every service the launcher runs in one process. Add yours here (one line): its routes join
 * the app, its migrations and its projections' migrations are run at start, and in the
 * embedded and single-server modes its projections run in-process.
 */
export const modules: readonly ServiceModule[] = [adminService, enforcementService, registryService, cylindersService]
