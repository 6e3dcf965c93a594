import type { SqlExecutor } from '@gsr/db'
import { createKysely } from '@gsr/db'
import { applianceCertificateStatusOn, type ApplianceCertificateStatus } from '@gsr/domain/cylinders'
import type { CertificationFailure } from '@gsr/events/cylinders'
import type { ReadScope } from '@gsr/domain'
import type { ApplianceRegisterTables } from './applianceRegisterProjection.ts'
import { inRegions } from '../inRegions.ts'

type CertificateRow = ApplianceRegisterTables['ccc_certificates']

export interface ApplianceCertificateView {
  certificateNo: string
  certificationBodyId: string
  manufacturerId: string
  modelNo: string
  category: string
  validFrom: string
  validUntil: string
  regionCode: string
  changes: { kind: string; effectiveFrom: string; reason?: string; eventId: string }[]
  status: ApplianceCertificateStatus
  asOf: string
}

function statusOf(row: CertificateRow, date: string): ApplianceCertificateStatus {
  return applianceCertificateStatusOn(
    {
      validFrom: row.valid_from,
      validUntil: row.valid_until,
      changes: row.changes.map((c) => ({
        kind: c.kind as CertificationFailure | 'reinstated',
        effectiveFrom: c.effectiveFrom,
      })),
    },
    date,
  )
}

function toView(row: CertificateRow, asOf: string): ApplianceCertificateView {
  return {
    certificateNo: row.certificate_no,
    certificationBodyId: row.certification_body_id,
    manufacturerId: row.manufacturer_id,
    modelNo: row.model_no,
    category: row.category,
    validFrom: row.valid_from,
    validUntil: row.valid_until,
    regionCode: row.region_code,
    changes: row.changes,
    status: statusOf(row, asOf),
    asOf,
  }
}

/** Certificate register with each certificate's status on `asOf` (any date). */
export async function listApplianceCertificates(
  sql: SqlExecutor,
  query: {
    asOf: string
    manufacturerId?: string | undefined
    modelNo?: string | undefined
    after?: string | undefined
    limit: number
  },
): Promise<ApplianceCertificateView[]> {
  const db = createKysely<ApplianceRegisterTables>(sql)
  let q = db.selectFrom('ccc_certificates').selectAll()
  if (query.manufacturerId !== undefined) q = q.where('manufacturer_id', '=', query.manufacturerId)
  if (query.modelNo !== undefined) q = q.where('model_no', '=', query.modelNo)
  if (query.after !== undefined) q = q.where('certificate_no', '>', query.after)
  const rows = await q
    .orderBy('certificate_no')
    .limit(query.limit + 1)
    .execute()
  return rows.map((row) => toView(row, query.asOf))
}

export async function getApplianceCertificate(
  sql: SqlExecutor,
  certificateNo: string,
  asOf: string,
): Promise<ApplianceCertificateView | undefined> {
  const db = createKysely<ApplianceRegisterTables>(sql)
  const row = await db
    .selectFrom('ccc_certificates')
    .selectAll()
    .where('certificate_no', '=', certificateNo)
    .executeTakeFirst()
  return row ? toView(row, asOf) : undefined
}

export interface ApplianceRecordView {
  recordId: string
  kind: 'production' | 'sale'
  organisationId: string
  manufacturerId: string
  modelNo: string
  category: string
  certificateNo: string | null
  date: string
  quantity: number
  regionCode: string
  source: string
  recordedBy: string
  eventId: string
  /** Certification of the model on the record's date: 'valid' makes it lawful. */
  certification: {
    status: ApplianceCertificateStatus | 'never_certified'
    certificateNo: string | null
  }
}

const rank: Record<ApplianceCertificateStatus | 'never_certified', number> = {
  never_certified: 0,
  not_yet_valid: 1,
  expired: 2,
  cancelled: 3,
  suspended: 4,
  revoked: 5,
  valid: 6,
}

/**
 * Production and sale records, each with the model's certification status on its date
 * (one valid certificate of the manufacturer's model suffices; else the most telling status).
 */
export async function listApplianceRecords(
  sql: SqlExecutor,
  query: {
    scope: ReadScope
    kind?: 'production' | 'sale' | undefined
    after?: string | undefined
    limit: number
  },
): Promise<ApplianceRecordView[]> {
  const db = createKysely<ApplianceRegisterTables>(sql)
  let q = db.selectFrom('ccc_records').selectAll()
  const scope = query.scope
  if (scope.organisationId !== undefined) q = q.where('organisation_id', '=', scope.organisationId)
  if (scope.regions !== undefined) {
    const regions = scope.regions
    if (regions.length === 0) return []
    q = q.where((eb) => inRegions(eb, 'region_code', regions))
  }
  if (query.kind !== undefined) q = q.where('kind', '=', query.kind)
  if (query.after !== undefined) q = q.where('record_id', '>', query.after)
  const rows = await q
    .orderBy('record_id')
    .limit(query.limit + 1)
    .execute()
  if (rows.length === 0) return []
  const models = [...new Set(rows.map((r) => `${r.manufacturer_id}\u0000${r.model_no}`))]
  const certificates = await db
    .selectFrom('ccc_certificates')
    .selectAll()
    .where((eb) =>
      eb.or(
        models.map((m) => {
          const [manufacturer, model] = m.split('\u0000') as [string, string]
          return eb.and([eb('manufacturer_id', '=', manufacturer), eb('model_no', '=', model)])
        }),
      ),
    )
    .execute()
  return rows.map((r) => {
    let best: ApplianceRecordView['certification'] = { status: 'never_certified', certificateNo: null }
    for (const c of certificates) {
      if (c.manufacturer_id !== r.manufacturer_id || c.model_no !== r.model_no) continue
      const status = statusOf(c, r.on_date)
      if (rank[status] > rank[best.status]) best = { status, certificateNo: c.certificate_no }
    }
    return {
      recordId: r.record_id,
      kind: r.kind,
      organisationId: r.organisation_id,
      manufacturerId: r.manufacturer_id,
      modelNo: r.model_no,
      category: r.category,
      certificateNo: r.certificate_no,
      date: r.on_date,
      quantity: r.quantity,
      regionCode: r.region_code,
      source: r.source,
      recordedBy: r.recorded_by,
      eventId: r.event_id,
      certification: best,
    }
  })
}

export async function listSpotChecks(
  sql: SqlExecutor,
  query: { scope: ReadScope; after?: string | undefined; limit: number },
): Promise<ApplianceRegisterTables['ccc_spot_checks'][]> {
  const db = createKysely<ApplianceRegisterTables>(sql)
  let q = db.selectFrom('ccc_spot_checks').selectAll()
  const scope = query.scope
  if (scope.organisationId !== undefined) {
    const org = scope.organisationId
    q = q.where((eb) =>
      eb.or([eb('checked_by', '=', org), eb('manufacturer_id', '=', org), eb('sampled_from', '=', org)]),
    )
  }
  if (scope.regions !== undefined) {
    const regions = scope.regions
    if (regions.length === 0) return []
    q = q.where((eb) => inRegions(eb, 'region_code', regions))
  }
  if (query.after !== undefined) q = q.where('check_id', '>', query.after)
  return q
    .orderBy('check_id')
    .limit(query.limit + 1)
    .execute()
}
