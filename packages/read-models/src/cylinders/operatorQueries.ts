import type { SqlExecutor } from '@gsr/db'
import { createKysely } from '@gsr/db'
import { chinaDate } from '@gsr/domain'
import { operatorCertificateStatusOn, type OperatorCertificateStatus } from '@gsr/domain/cylinders'
import type { ReadScope } from '@gsr/domain'
import type { OperatorRegisterTables } from './operatorRegisterProjection.ts'
import { inRegions } from '../inRegions.ts'

type Row = OperatorRegisterTables['op_certificates']

export interface OperatorCertificateView {
  certificateNo: string
  personId: string
  name: string
  categories: string[]
  terms: { from: string; until: string }[]
  suspensions: { from: string; until?: string }[]
  revokedOn: string | null
  issuedBy: string
  regionCode: string
  employerOrganisationId: string | null
  /** Status on the `asOf` date of the query, for its first category. */
  status: OperatorCertificateStatus
  asOf: string
}

function toView(row: Row, asOf: string): OperatorCertificateView {
  return {
    certificateNo: row.certificate_no,
    personId: row.person_id,
    name: row.name,
    categories: row.categories,
    terms: row.terms,
    suspensions: row.suspensions,
    revokedOn: row.revoked_on,
    issuedBy: row.issued_by,
    regionCode: row.region_code,
    employerOrganisationId: row.employer_organisation_id,
    status: operatorCertificateStatusOn(row.facts, row.categories[0] ?? '', asOf).status,
    asOf,
  }
}

/** Operator register: certificates with their status on `asOf`, cursor = certificate number. */
export async function listOperatorCertificates(
  sql: SqlExecutor,
  query: { scope: ReadScope; asOf: string; personId?: string | undefined; after?: string | undefined; limit: number },
): Promise<OperatorCertificateView[]> {
  const db = createKysely<OperatorRegisterTables>(sql)
  let q = db.selectFrom('op_certificates').selectAll()
  const scope = query.scope
  if (scope.organisationId !== undefined) {
    const org = scope.organisationId
    q = q.where((eb) => eb.or([eb('employer_organisation_id', '=', org), eb('issued_by', '=', org)]))
  }
  if (scope.regions !== undefined) {
    const regions = scope.regions
    if (regions.length === 0) return []
    q = q.where((eb) => inRegions(eb, 'region_code', regions))
  }
  if (query.personId !== undefined) q = q.where('person_id', '=', query.personId)
  if (query.after !== undefined) q = q.where('certificate_no', '>', query.after)
  const rows = await q
    .orderBy('certificate_no')
    .limit(query.limit + 1)
    .execute()
  return rows.map((row) => toView(row, query.asOf))
}

export interface OperatorValidity {
  personId: string
  category: string
  at: string
  date: string
  status: OperatorCertificateStatus
  certificates: OperatorCertificateView[]
}

/** "Did this operator hold a valid certificate for this work at this instant?" — any instant. */
export async function operatorValidityAt(
  sql: SqlExecutor,
  query: { personId: string; category: string; at: string },
): Promise<OperatorValidity> {
  const db = createKysely<OperatorRegisterTables>(sql)
  const rows = await db.selectFrom('op_certificates').selectAll().where('person_id', '=', query.personId).execute()
  const date = chinaDate(query.at)
  return {
    personId: query.personId,
    category: query.category,
    at: query.at,
    date,
    status: operatorCertificateStatusOn(
      rows.flatMap((row) => row.facts),
      query.category,
      date,
    ).status,
    certificates: rows.map((row) => toView(row, date)),
  }
}
