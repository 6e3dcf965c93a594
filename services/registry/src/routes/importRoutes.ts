import { z } from 'zod'
import { canActInRegion, ProblemError, problemResponses, type KitApp, type ServiceContext } from '@gsr/http-kit'
import { importRegister } from '../import/importRegister.ts'
import { equipmentCsvColumns, pipelineCsvColumns } from '../import/registerCsvRows.ts'

const ImportReport = z
  .object({
    kind: z.enum(['equipment', 'pipelines']),
    dryRun: z.boolean(),
    rows: z.number().int(),
    recorded: z.number().int(),
    alreadyRecorded: z.number().int().describe('rows an earlier import already recorded'),
    rejected: z.number().int(),
    elapsedMs: z.number(),
    rowsPerSecond: z.number(),
    errors: z.array(z.object({ line: z.number().int(), field: z.string(), message: z.string() })),
  })
  .meta({ id: 'ImportReport' })

const Params = z.strictObject({ kind: z.enum(['equipment', 'pipelines']) })
const Query = z.strictObject({ dryRun: z.enum(['true', 'false']).default('false') })

/** Up to ~100k rows per request; larger registers go through scripts/import-register.ts. */
const maxCsvBytes = 64 * 1024 * 1024

export async function importRoutes(app: KitApp, ctx: ServiceContext): Promise<void> {
  app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: maxCsvBytes }, (_request, body, done) =>
    done(null, body),
  )

  app.post(
    '/imports/:kind',
    {
      bodyLimit: maxCsvBytes,
      config: { auth: { kinds: ['equipment_user', 'administrator'] } },
      schema: {
        tags: ['registry: import'],
        summary: 'Import an existing register from CSV (equipment or in-use pipelines)',
        description: [
          'Body: text/csv with a header row.',
          `Equipment columns: ${equipmentCsvColumns.join(', ')}.`,
          `Pipeline columns: ${pipelineCsvColumns.join(', ')}.`,
          'Every bad row is reported with its line and field; good rows are recorded; importing the same file again records nothing new.',
          'An equipment user imports its own register (organisationId may be left empty); an administrator must fill organisationId.',
        ].join(' '),
        consumes: ['text/csv'],
        params: Params,
        querystring: Query,
        body: z.string().min(1).describe('CSV text'),
        response: { 200: ImportReport, ...problemResponses(400, 401, 403, 413, 415) },
      },
    },
    async (request) => {
      const p = request.principal
      if (typeof request.body !== 'string') {
        throw new ProblemError({ code: 'unsupported-media-type', detail: 'send the CSV as text/csv' })
      }
      const report = await importRegister(request.body, {
        kind: request.params.kind,
        store: ctx.eventStore,
        clock: ctx.clock,
        actor: { organisationId: p.organisationId, userId: p.userId, role: p.role },
        ownOrganisation: p.organisationKind === 'administrator' ? undefined : p.organisationId,
        regionInScope: p.organisationKind === 'administrator' ? undefined : (region) => canActInRegion(p, region),
        dryRun: request.query.dryRun === 'true',
        correlationId: request.id,
        onProgress: (progress) => request.log.info({ import: request.params.kind, ...progress }, 'import progress'),
      })
      return report
    },
  )
}
