import { z } from 'zod'
import { csvImportRoute, type KitApp, type ServiceContext } from '@gsr/http-kit'
import { importRegister } from '../import/importRegister.ts'
import { equipmentCsvColumns, pipelineCsvColumns } from '../import/registerCsvRows.ts'

const MiB = 1024 * 1024
/**
 * Upload limits by role. An equipment user's own register: 8 MiB is about 65,000 equipment rows,
 * more than any single user holds. An administrator loading a county: 64 MiB (about 500,000
 * rows). Larger registers go through `npm run gsr -- import`, which has no limit.
 */
export const csvImportLimits = { equipment_user: 8 * MiB, administrator: 64 * MiB } as const

const Params = z.strictObject({ kind: z.enum(['equipment', 'pipelines']) })

/** Register import (equipment, in-use pipelines): the kit's CSV import route (csvImportRoute). */
export async function importRoutes(app: KitApp, ctx: ServiceContext): Promise<void> {
  csvImportRoute(app, '/imports/:kind', {
    limits: csvImportLimits,
    tags: ['registry: import'],
    summary: 'Import an existing register from CSV (equipment or in-use pipelines)',
    description: [
      `Equipment columns: ${equipmentCsvColumns.join(', ')}.`,
      `Pipeline columns: ${pipelineCsvColumns.join(', ')}.`,
      'An equipment user imports its own register (organisationId may be left empty); an administrator must fill organisationId.',
    ],
    params: Params,
    run: (request, params, text, run) => {
      const p = request.principal
      return importRegister(text, {
        kind: params.kind,
        store: ctx.eventStore,
        clock: ctx.clock,
        actor: { organisationId: p.organisationId, userId: p.userId, role: p.role },
        importer: p,
        ownOrganisation: p.organisationKind === 'administrator' ? undefined : p.organisationId,
        dryRun: run.dryRun,
        correlationId: run.correlationId,
        maxErrors: run.maxErrors,
        onProgress: run.onProgress,
      })
    },
  })
}
