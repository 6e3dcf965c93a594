import type { CaseReferralRecord } from './penaltyCasesProjection.ts'
import type { SqlExecutor } from '@gsr/db'
import { addDays } from '@gsr/domain'
import {
  isOverdueOn,
  reboundOf,
  type RectificationOrderFacts,
  type RiskCatalogueRules,
  type RiskSignal,
} from '@gsr/domain/enforcement'

/**
 * The signals the risk catalogue (assessRisk, rule table riskCatalogueRules) grades, for the
 * given organisations on field day `on`, read from the read models in the region asked
 * (`regionPrefix`: what the caller may see):
 * - `organisation`: its kind (one signal, dated `on`);
 * - `equipment`: each equipment category it has registered by `on` and not cancelled by then
 *   (registry), gas pipelines it owns (`gas_pipeline`), cylinders of the station (`gas_cylinder`,
 *   not scrapped by `on`); a register whose module does not run here gives nothing. Pipelines
 *   and cylinders are read as registered now (their registers keep no dated history);
 * - `violation`: violations occurred by `on` (back as far as the oldest recency band), kind =
 *   category, detail = sub-reason, open unless cured on or before `on` (and, with `knownAt`,
 *   established and cured only by events recorded by then);
 * - `rectification_order`: per order issued by `on`: `open` (not re-checked by `on`), `overdue`
 *   (past its deadline without a re-check), `not_rectified`, `rebound` (rectificationOrderStatus).
 *   Orders are read as the log stands now (`knownAt` does not apply to them);
 * - `supervision_inspection`: each routine inspection made by `on` (日常监督检查), kind = its result
 *   (`no_problem`, `problems_found`), read as the log stands now.
 * A new source adds a query here and rows to the rule table (complaints and cases since 2026.1).
 */
export async function riskSignals(
  sql: SqlExecutor,
  query: {
    organisations: readonly { readonly id: string; readonly kind: string }[]
    on: string
    regionPrefix: string
    rules: RiskCatalogueRules
    knownAt?: Date | undefined
  },
): Promise<Map<string, RiskSignal[]>> {
  const { on, regionPrefix } = query
  const like = `${regionPrefix}%`
  const ids = query.organisations.map((o) => o.id)
  const signals = new Map<string, RiskSignal[]>(
    query.organisations.map((o) => [o.id, [{ source: 'organisation', kind: o.kind, ref: o.id, on }]]),
  )
  const add = (organisationId: string, signal: RiskSignal) => signals.get(organisationId)?.push(signal)
  if (ids.length === 0) return signals

  const { rows: present } = await sql.query<{ name: string }>(
    `SELECT t AS name FROM unnest($1::text[]) AS t WHERE to_regclass(t) IS NOT NULL`,
    [
      [
        'equipment_register',
        'pipeline_register',
        'cyl_cylinders',
        'enf_violations',
        'enf_rectification_orders',
        'enf_supervision_inspections',
        'enf_complaints',
        'enf_penalty_cases',
      ],
    ],
  )
  const has = (table: string) => present.some((p) => p.name === table)

  if (has('equipment_register')) {
    const { rows } = await sql.query<{ organisation_id: string; category: string; ref: string; first_on: string }>(
      `SELECT organisation_id, category, min(registration_code) AS ref, min(registered_on) AS first_on
       FROM equipment_register
       WHERE organisation_id = ANY($1::text[]) AND region LIKE $2 AND registered_on <= $3
         AND NOT (status = 'cancelled' AND status_since <= $3)
       GROUP BY organisation_id, category`,
      [ids, like, on],
    )
    for (const r of rows) add(r.organisation_id, { source: 'equipment', kind: r.category, ref: r.ref, on: r.first_on })
  }
  if (has('pipeline_register')) {
    const { rows } = await sql.query<{ organisation_id: string; ref: string }>(
      `SELECT organisation_id, min(pipeline_id) AS ref FROM pipeline_register
       WHERE organisation_id = ANY($1::text[]) AND region LIKE $2 GROUP BY organisation_id`,
      [ids, like],
    )
    for (const r of rows) add(r.organisation_id, { source: 'equipment', kind: 'gas_pipeline', ref: r.ref, on })
  }
  if (has('cyl_cylinders')) {
    const { rows } = await sql.query<{ station_id: string; ref: string; first_on: string }>(
      `SELECT station_id, min(code) AS ref, min(registered_on) AS first_on FROM cyl_cylinders
       WHERE station_id = ANY($1::text[]) AND region_code LIKE $2 AND registered_on <= $3
         AND (scrapped_on IS NULL OR scrapped_on > $3)
       GROUP BY station_id`,
      [ids, like, on],
    )
    for (const r of rows) add(r.station_id, { source: 'equipment', kind: 'gas_cylinder', ref: r.ref, on: r.first_on })
  }
  if (has('enf_violations')) {
    const bands = query.rules.indicators
      .filter((i) => i.source === 'violation')
      .map((i) => (i.recency ? Math.max(...i.recency.map((b) => b.withinDays)) : Number.POSITIVE_INFINITY))
    const oldest = Math.max(0, ...bands)
    const from = Number.isFinite(oldest) ? addDays(on, -oldest) : '0000-01-01'
    const knownAt = query.knownAt ?? null
    const { rows } = await sql.query<{
      id: string
      organisation_id: string
      category: string
      sub_reason: string
      occurred_on: string
      open: boolean
    }>(
      `SELECT id, organisation_id, category, sub_reason, occurred_on,
         NOT (status = 'resolved' AND resolved_on <= $3 AND ($5::timestamptz IS NULL OR resolved_at <= $5)) AS open
       FROM enf_violations
       WHERE organisation_id = ANY($1::text[]) AND region LIKE $2 AND occurred_on <= $3 AND occurred_on >= $4
         AND ($5::timestamptz IS NULL OR detected_at <= $5)`,
      [ids, like, on, from, knownAt],
    )
    for (const r of rows)
      add(r.organisation_id, {
        source: 'violation',
        kind: r.category,
        detail: r.sub_reason,
        ref: r.id,
        on: r.occurred_on,
        open: r.open,
      })
  }
  if (has('enf_rectification_orders')) {
    const { rows } = await sql.query<{
      order_id: string
      organisation_id: string
      categories: string[]
      issued_on: string
      deadline: string
      delivered_on: string | null
      rechecked_on: string | null
      outcome: 'rectified' | 'not_rectified' | null
    }>(
      `SELECT order_id, organisation_id, categories, issued_on, deadline, delivered_on, rechecked_on, outcome
       FROM enf_rectification_orders
       WHERE organisation_id = ANY($1::text[]) AND region LIKE $2 AND issued_on <= $3 ORDER BY order_id`,
      [ids, like, on],
    )
    const facts: RectificationOrderFacts[] = rows.map((r) => ({
      orderId: r.order_id,
      organisationId: r.organisation_id,
      categories: r.categories,
      issuedOn: r.issued_on,
      deadline: r.deadline,
      deliveredOn: r.delivered_on,
      // As of `on`: a re-check after it had not happened yet.
      recheckedOn: r.rechecked_on !== null && r.rechecked_on <= on ? r.rechecked_on : null,
      outcome: r.rechecked_on !== null && r.rechecked_on <= on ? r.outcome : null,
    }))
    for (const order of facts) {
      const signal = (kind: string, day: string): RiskSignal => ({
        source: 'rectification_order',
        kind,
        ref: order.orderId,
        on: day,
      })
      if (order.recheckedOn === null) add(order.organisationId, signal('open', order.issuedOn))
      if (isOverdueOn(order, on)) add(order.organisationId, signal('overdue', order.deadline))
      if (order.outcome === 'not_rectified') add(order.organisationId, signal('not_rectified', order.recheckedOn!))
      const earlier = facts.filter((f) => f.organisationId === order.organisationId)
      if (reboundOf(order, earlier)) add(order.organisationId, signal('rebound', order.issuedOn))
    }
  }
  if (has('enf_supervision_inspections')) {
    const { rows } = await sql.query<{
      inspection_id: string
      organisation_id: string
      inspected_on: string
      result: string
    }>(
      `SELECT inspection_id, organisation_id, inspected_on, result FROM enf_supervision_inspections
       WHERE organisation_id = ANY($1::text[]) AND region LIKE $2 AND inspected_on <= $3`,
      [ids, like, on],
    )
    for (const r of rows)
      add(r.organisation_id, {
        source: 'supervision_inspection',
        kind: r.result,
        ref: r.inspection_id,
        on: r.inspected_on,
      })
  }
  if (has('enf_complaints')) {
    // Complaints naming the organisation as their subject, received by `on` (substantiated or not:
    // the rule table weighs them lightly and only while recent).
    const { rows } = await sql.query<{ complaint_id: string; organisation_id: string; received_on: string }>(
      `SELECT complaint_id, subject->>'organisationId' AS organisation_id, received_on FROM enf_complaints
       WHERE subject->>'organisationId' = ANY($1::text[]) AND region LIKE $2 AND received_on <= $3`,
      [ids, like, on],
    )
    for (const r of rows)
      add(r.organisation_id, { source: 'complaint', kind: 'received', ref: r.complaint_id, on: r.received_on })
  }
  if (has('enf_penalty_cases')) {
    // Penalties decided by `on` (行政处罚), and referrals the police accepted (涉嫌犯罪).
    const { rows } = await sql.query<{
      case_id: string
      organisation_id: string
      decided_on: string | null
      referrals: CaseReferralRecord[]
    }>(
      `SELECT case_id, organisation_id, decided_on, referrals FROM enf_penalty_cases
       WHERE organisation_id = ANY($1::text[]) AND region LIKE $2 AND opened_on <= $3`,
      [ids, like, on],
    )
    for (const r of rows) {
      if (r.decided_on !== null && r.decided_on <= on)
        add(r.organisation_id, { source: 'penalty_case', kind: 'decided', ref: r.case_id, on: r.decided_on })
      const accepted = r.referrals.find((x) => x.outcome === 'accepted' && x.receivedOn !== null && x.receivedOn <= on)
      if (accepted?.receivedOn)
        add(r.organisation_id, {
          source: 'penalty_case',
          kind: 'referred_accepted',
          ref: r.case_id,
          on: accepted.receivedOn,
        })
    }
  }
  return signals
}

/**
 * The outcome of each visit of a drawn plan (一公开): the first routine inspection (日常监督检查) of
 * the organisation by the planning team within the plan's period, if one is recorded yet.
 */
export async function planVisitInspections(
  sql: SqlExecutor,
  query: { enforcementOrganisationId: string; organisationIds: readonly string[]; from: string; to: string },
): Promise<Map<string, { inspectionId: string; result: string; inspectedOn: string }>> {
  const found = new Map<string, { inspectionId: string; result: string; inspectedOn: string }>()
  const { rows: present } = await sql.query<{ t: string | null }>(
    `SELECT to_regclass('enf_supervision_inspections')::text AS t`,
  )
  if (!present[0]?.t || query.organisationIds.length === 0) return found
  const { rows } = await sql.query<{
    inspection_id: string
    organisation_id: string
    inspected_on: string
    result: string
  }>(
    `SELECT inspection_id, organisation_id, inspected_on, result FROM enf_supervision_inspections
     WHERE enforcement_organisation_id = $1 AND organisation_id = ANY($2::text[])
       AND inspected_on >= $3 AND inspected_on <= $4
     ORDER BY inspected_on, inspection_id`,
    [query.enforcementOrganisationId, query.organisationIds, query.from, query.to],
  )
  for (const r of rows)
    if (!found.has(r.organisation_id))
      found.set(r.organisation_id, { inspectionId: r.inspection_id, result: r.result, inspectedOn: r.inspected_on })
  return found
}
