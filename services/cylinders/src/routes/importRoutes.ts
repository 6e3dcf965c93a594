import { csvImportRoute, type KitApp, type ServiceContext } from '@gsr/http-kit'
import { cylinderCsvColumns, operatorCertificateCsvColumns } from '../import/cylinderCsvRows.ts'
import { importCylinders, type CylinderImportKind } from '../import/importCylinders.ts'

const MiB = 1024 * 1024
/** A station's cylinders (8 MiB: about 70,000 rows); the authority's certificate register (64 MiB for an administrator). */
export const cylinderImportLimits = { filling_station: 8 * MiB } as const
export const certificateImportLimits = { enforcement: 8 * MiB, administrator: 64 * MiB } as const

/** Bulk imports of the cylinder register and the operator-certificate register: the kit's CSV import route. */
export async function importRoutes(app: KitApp, ctx: ServiceContext): Promise<void> {
  const run =
    (kind: CylinderImportKind): Parameters<typeof csvImportRoute>[2]['run'] =>
    (request, _params, text, run) => {
      const p = request.principal
      return importCylinders(text, {
        kind,
        store: ctx.eventStore,
        sql: ctx.sql,
        clock: ctx.clock,
        principal: p,
        actor: { organisationId: p.organisationId, userId: p.userId, role: p.role },
        dryRun: run.dryRun,
        correlationId: run.correlationId,
        maxErrors: run.maxErrors,
        onProgress: run.onProgress,
      })
    }

  csvImportRoute(app, '/imports/cylinders', {
    limits: cylinderImportLimits,
    tags: ['cylinders'],
    summary: 'Import a filling station’s cylinder register from CSV (each row as POST /cylinders)',
    description: [
      `Columns: ${cylinderCsvColumns.join(', ')} (the body of POST /cylinders; registeredOn required;`,
      'refurbished true/false, designLifeYears a whole number).',
      'Each row is registered by the calling station, for an owner that exists (default the station), based in regionCode',
      '(default the station’s region); a code already registered (by anyone else too) is refused for its row.',
    ],
    run: run('cylinders'),
  })

  csvImportRoute(app, '/imports/operator-certificates', {
    limits: certificateImportLimits,
    tags: ['operators'],
    summary: 'Import operator certificates from CSV (each row as POST /operators/certificates)',
    description: [
      `Columns: ${operatorCertificateCsvColumns.join(', ')} (the body of POST /operators/certificates;`,
      'categories separated by ; or |, e.g. P;R2).',
      'Each row is issued by the calling authority, in regionCode (default its region), which must be within its region;',
      'recorded as issued now (an issue is never back-dated).',
    ],
    run: run('operator-certificates'),
  })
}
