import { createKysely, type SqlExecutor } from '@gsr/db'
import type { ReadScope } from '@gsr/domain'
import {
  caseDecisionDueOn,
  caseReferralOn,
  isCaseOverdueOn,
  penaltyCaseStageOn,
  type CaseReferralState,
  type PenaltyCaseFacts,
  type PenaltyCaseStage,
} from '@gsr/domain/enforcement'
import { regionPrefix } from '@gsr/events'
import type { PenaltyCaseRow, PenaltyCaseTables } from './penaltyCasesProjection.ts'

/** A case as the lists show it on day `on`: its stage, due day, overdue, referral state then. */
export interface PenaltyCaseView {
  readonly row: PenaltyCaseRow
  readonly on: string
  readonly stage: PenaltyCaseStage
  readonly decisionDue: string
  readonly overdue: boolean
  /** The scheduler's PenaltyCaseOverdue day, if raised by `on`. */
  readonly overdueSince: string | undefined
  readonly referral: { readonly referredOn: string; readonly state: CaseReferralState } | undefined
}

export const penaltyCaseFactsOf = (row: PenaltyCaseRow): PenaltyCaseFacts => ({
  openedOn: row.opened_on,
  decisionDue: row.decision_due,
  extendedOn: row.extended_on,
  extendedDue: row.extended_due,
  investigatedOn: row.investigated_on,
  decidedOn: row.decided_on,
  closedOn: row.closed_on,
  droppedOn: row.dropped_on,
  referrals: row.referrals,
})

export function penaltyCaseViewOn(row: PenaltyCaseRow, on: string): PenaltyCaseView {
  const facts = penaltyCaseFactsOf(row)
  return {
    row,
    on,
    stage: penaltyCaseStageOn(facts, on),
    decisionDue: caseDecisionDueOn(facts, on),
    overdue: isCaseOverdueOn(facts, on),
    overdueSince: row.overdue_since !== null && row.overdue_since <= on ? row.overdue_since : undefined,
    referral: caseReferralOn(facts, on),
  }
}

/** Cases opened by `on` in the scope (regions and below; an organisation: its own), oldest first. */
function scoped(sql: SqlExecutor, scope: ReadScope, on: string) {
  const db = createKysely<PenaltyCaseTables>(sql)
  let q = db.selectFrom('enf_penalty_cases').selectAll().where('opened_on', '<=', on)
  if (scope.organisationId !== undefined) q = q.where('organisation_id', '=', scope.organisationId)
  if (scope.regions !== undefined) {
    const regions = scope.regions
    if (regions.length === 0) return undefined
    q = q.where((eb) => eb.or(regions.map((r) => eb('region', 'like', `${regionPrefix(r)}%`))))
  }
  return q
}

export type CaseReferralFilter = CaseReferralState | 'any'

/**
 * Cases opened by `on`, in the scope, by opening day, filtered on their state on `on`: the
 * stage, overdue (past the decision due day undecided), the referral's state (`any`: referred
 * at all). The filters on `on` are evaluated on the rows (a region's cases: thousands at most),
 * then paged by the cursor `openedOn|caseId`.
 */
export async function listPenaltyCases(
  sql: SqlExecutor,
  query: {
    scope: ReadScope
    on: string
    stage?: PenaltyCaseStage | undefined
    overdue?: boolean | undefined
    referral?: CaseReferralFilter | undefined
    organisationId?: string | undefined
    after?: string | undefined
    limit: number
  },
): Promise<{ items: PenaltyCaseView[]; next?: string }> {
  let q = scoped(sql, query.scope, query.on)
  if (!q) return { items: [] }
  if (query.organisationId !== undefined) q = q.where('organisation_id', '=', query.organisationId)
  if (query.after !== undefined) {
    const [openedOn, caseId] = query.after.split('|')
    if (openedOn === undefined || caseId === undefined) throw new RangeError('not a cursor of this list')
    q = q.where((eb) =>
      eb.or([eb('opened_on', '>', openedOn), eb.and([eb('opened_on', '=', openedOn), eb('case_id', '>', caseId)])]),
    )
  }
  const rows = await q.orderBy('opened_on').orderBy('case_id').execute()
  const views = rows
    .map((row) => penaltyCaseViewOn(row, query.on))
    .filter(
      (v) =>
        (query.stage === undefined || v.stage === query.stage) &&
        (query.overdue === undefined || v.overdue === query.overdue) &&
        (query.referral === undefined ||
          (query.referral === 'any' ? v.referral !== undefined : v.referral?.state === query.referral)),
    )
  const items = views.slice(0, query.limit)
  const last = items.at(-1)
  return views.length > query.limit && last ? { items, next: `${last.row.opened_on}|${last.row.case_id}` } : { items }
}

/** One case on `on` (undefined if unknown or not yet opened on that day). */
export async function getPenaltyCase(
  sql: SqlExecutor,
  caseId: string,
  on: string,
): Promise<PenaltyCaseView | undefined> {
  const db = createKysely<PenaltyCaseTables>(sql)
  const row = await db
    .selectFrom('enf_penalty_cases')
    .selectAll()
    .where('case_id', '=', caseId)
    .where('opened_on', '<=', on)
    .executeTakeFirst()
  return row && penaltyCaseViewOn(row, on)
}

/** One region's month: counts of cases and exact sums of fen. */
export interface PenaltyCaseMonth {
  readonly region: string
  /** YYYY-MM of the field days (China time). */
  readonly month: string
  readonly opened: number
  readonly decided: number
  readonly closed: number
  readonly dropped: number
  readonly finesImposedFen: number
  readonly finesCollectedFen: number
}

/**
 * Statistics by region (the case's own region code) and month, over field days in [from, to]:
 * cases opened, decided (fines imposed counted in the decision's month), closed (fines collected
 * in the closure's month), dropped. Sums are exact integers of fen (each at most 10^12, so the
 * sums of any realistic period stay well inside 2^53).
 */
export async function penaltyCaseStatistics(
  sql: SqlExecutor,
  query: { scope: ReadScope; from: string; to: string },
): Promise<PenaltyCaseMonth[]> {
  const q = scoped(sql, query.scope, query.to)
  if (!q) return []
  const rows = await q.execute()
  const months = new Map<string, { -readonly [K in keyof PenaltyCaseMonth]: PenaltyCaseMonth[K] }>()
  const add = (
    region: string,
    day: string | null,
    change: (m: {
      opened: number
      decided: number
      closed: number
      dropped: number
      finesImposedFen: number
      finesCollectedFen: number
    }) => void,
  ) => {
    if (day === null || day < query.from || day > query.to) return
    const month = day.slice(0, 7)
    const key = `${region}|${month}`
    let m = months.get(key)
    if (!m) {
      m = { region, month, opened: 0, decided: 0, closed: 0, dropped: 0, finesImposedFen: 0, finesCollectedFen: 0 }
      months.set(key, m)
    }
    change(m)
  }
  for (const r of rows) {
    add(r.region, r.opened_on, (m) => void m.opened++)
    add(r.region, r.decided_on, (m) => {
      m.decided++
      m.finesImposedFen += Number(r.fine_fen ?? 0)
    })
    add(r.region, r.closed_on, (m) => {
      m.closed++
      m.finesCollectedFen += Number(r.fine_collected_fen ?? 0)
    })
    add(r.region, r.dropped_on, (m) => void m.dropped++)
  }
  return [...months.values()].sort((a, b) => a.region.localeCompare(b.region) || a.month.localeCompare(b.month))
}
