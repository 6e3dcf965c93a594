import type { Projection } from '@gsr/projections'
import { registryService } from '@gsr/registry-service'
import { enforcementService } from '@gsr/enforcement-service'
import { cylindersService } from '@gsr/cylinders-service'

/**
 * Every read model the projector worker runs in cluster mode (the launcher runs its modules'
 * projections in-process in the other modes). One line per service that owns read models:
 *
 *   import { registryService } from '@gsr/registry-service'
 *   ...
 *   ...(registryService.projections ?? []),
 *
 * Names must be unique across the list: each one keys a checkpoint row.
 */
export const allProjections: readonly Projection[] = [
  // Services add their projections here.
  ...(registryService.projections ?? []),
  ...(enforcementService.projections ?? []),
  ...(cylindersService.projections ?? []),
]
