import { createKysely, type SqlExecutor } from '@gsr/db'
import type { ReadScope } from '@gsr/domain'
import {
  awaitsReplyOn,
  complaintStatusOn,
  complaintTeamOn,
  ledgerReasonsOn,
  type ComplaintFacts,
  type ComplaintStatus,
  type LedgerReason,
} from '@gsr/domain/enforcement'
import { inRegions, regionLike } from '../inRegions.ts'
import type { ComplaintRow, ComplaintTables } from './complaintsProjection.ts'

/** A complaint as the lists show it on day `on` (never with the complainant's contact: the row has none). */
export interface ComplaintView {
  readonly row: ComplaintRow
  readonly on: string
  readonly status: ComplaintStatus
  /** The team it is with on `on` (null: awaiting assignment). */
  readonly team: string | null
  /** Not replied by `on` and past its reply deadline. */
  readonly replyOverdue: boolean
  /** Why it is on the special rectification ledger on `on` (empty: not on it). */
  readonly ledger: LedgerReason[]
}

const factsOf = (row: ComplaintRow): ComplaintFacts => ({
  receivedOn: row.received_on,
  replyDue: row.reply_due,
  assignments: row.assignments,
  handledOn: row.handled_on,
  repliedOn: row.replied_on,
  satisfaction: row.satisfaction,
  satisfactionOn: row.satisfaction_on,
  verifiedOn: row.verified_on,
})

export function complaintViewOn(row: ComplaintRow, on: string): ComplaintView {
  const facts = factsOf(row)
  return {
    row,
    on,
    status: complaintStatusOn(facts, on),
    team: complaintTeamOn(facts, on)?.teamOrganisationId ?? null,
    replyOverdue: awaitsReplyOn(facts, on) && row.reply_due < on,
    ledger: ledgerReasonsOn(facts, on),
  }
}

export type ComplaintQuery = {
  scope: ReadScope
  on: string
  status?: ComplaintStatus | undefined
  /** Only tickets not replied by `on` (the ones that still owe a reply), by deadline. */
  dueForReply?: boolean | undefined
  /** Only tickets on the special rectification ledger on `on`. */
  onLedger?: boolean | undefined
  after?: string | undefined
  limit: number
}

/**
 * Complaints received by `on`, in the scope (regions and below; complaints are the authorities'
 * only: a scope naming an organisation sees none), by reply deadline, filtered on their status
 * on `on` (the domain's `complaintStatusOn`, so the filter and the reply agree). The SQL narrows
 * what it can; the status is judged on each row; pages are read until one is full.
 */
export async function listComplaints(
  sql: SqlExecutor,
  query: ComplaintQuery,
): Promise<{ items: ComplaintView[]; next?: string }> {
  const db = createKysely<ComplaintTables>(sql)
  const { scope, on } = query
  if (scope.organisationId !== undefined || scope.regions?.length === 0) return { items: [] }
  let q = db.selectFrom('enf_complaints').selectAll().where('received_on', '<=', on)
  if (scope.regions !== undefined) {
    const regions = scope.regions
    q = q.where((eb) => inRegions(eb, 'region', regions))
  }
  const notBy = (column: 'replied_on' | 'verified_on') =>
    q.where((eb) => eb.or([eb(column, 'is', null), eb(column, '>', on)]))
  if (query.dueForReply) q = notBy('replied_on')
  if (query.onLedger)
    q = notBy('verified_on').where((eb) => eb.or([eb('reply_due', '<', on), eb('satisfaction', '=', 'dissatisfied')]))
  const wanted = (view: ComplaintView) =>
    (query.status === undefined || view.status === query.status) && (!query.onLedger || view.ledger.length > 0)

  let after = query.after
  if (after !== undefined && after.split('|').length !== 2) throw new RangeError('not a cursor of this list')
  const items: ComplaintView[] = []
  const chunk = Math.max(query.limit + 1, 200)
  for (;;) {
    let page = q
    if (after !== undefined) {
      const [due, id] = after.split('|') as [string, string]
      page = page.where((eb) =>
        eb.or([eb('reply_due', '>', due), eb.and([eb('reply_due', '=', due), eb('complaint_id', '>', id)])]),
      )
    }
    const rows = await page.orderBy('reply_due').orderBy('complaint_id').limit(chunk).execute()
    for (const row of rows) {
      const view = complaintViewOn(row, on)
      if (!wanted(view)) continue
      if (items.length === query.limit) return { items, next: cursorOf(items.at(-1)!.row) }
      items.push(view)
    }
    if (rows.length < chunk) return { items }
    after = cursorOf(rows.at(-1)!)
  }
}

const cursorOf = (row: ComplaintRow) => `${row.reply_due}|${row.complaint_id}`

/** One complaint on `on` (undefined if unknown or not yet received on that day). */
export async function getComplaint(
  sql: SqlExecutor,
  complaintId: string,
  on: string,
): Promise<ComplaintView | undefined> {
  const row = await createKysely<ComplaintTables>(sql)
    .selectFrom('enf_complaints')
    .selectAll()
    .where('complaint_id', '=', complaintId)
    .where('received_on', '<=', on)
    .executeTakeFirst()
  return row && complaintViewOn(row, on)
}

export interface ComplaintSubjectCount {
  /** `organisation`, `equipment`, `cylinder` or `address`. */
  readonly kind: string
  readonly id: string
  readonly count: number
  readonly firstOn: string
  readonly lastOn: string
  /** The complaints, oldest first (at most 100). */
  readonly complaintIds: string[]
}

/**
 * Subjects complained about in the period (received from `from` to `to`, inclusive) in the
 * scope, with their complaint counts, most complained about first: a complaint naming an
 * organisation and a cylinder counts for both. Only subjects with at least `minCount`.
 */
export async function complaintSubjects(
  sql: SqlExecutor,
  query: { scope: ReadScope; from: string; to: string; minCount: number; limit: number },
): Promise<ComplaintSubjectCount[]> {
  const { scope } = query
  if (scope.organisationId !== undefined || scope.regions?.length === 0) return []
  const prefixes = scope.regions === undefined ? ['%'] : scope.regions.map(regionLike)
  const { rows } = await sql.query<{ key: string; count: number; first_on: string; last_on: string; ids: string[] }>(
    `SELECT k AS key, count(*)::int AS count, min(received_on) AS first_on, max(received_on) AS last_on,
            jsonb_agg(complaint_id ORDER BY received_on, complaint_id) AS ids
     FROM enf_complaints, jsonb_array_elements_text(subject_keys) AS k
     WHERE received_on >= $1 AND received_on <= $2 AND region LIKE ANY($3::text[])
     GROUP BY k HAVING count(*) >= $4
     ORDER BY count(*) DESC, k LIMIT $5`,
    [query.from, query.to, prefixes, query.minCount, query.limit],
  )
  return rows.map((r) => {
    const colon = r.key.indexOf(':')
    return {
      kind: r.key.slice(0, colon),
      id: r.key.slice(colon + 1),
      count: r.count,
      firstOn: r.first_on,
      lastOn: r.last_on,
      complaintIds: r.ids.slice(0, 100),
    }
  })
}
