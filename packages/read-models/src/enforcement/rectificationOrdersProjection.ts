import type { Migration, SqlExecutor } from '@gsr/db'
import type { RecordedEvent } from '@gsr/event-store'
import { enforcementEventTypes, parseEnforcementEvent, type EnforcementEvent } from '@gsr/events/enforcement'
import type { Projection } from '@gsr/projections'
import { BatchRows } from '../BatchRows.ts'

/**
 * Read model `rectification_orders`: one row per rectification order (责令改正), its dated
 * facts as field days (`issued_on`, `deadline`, `delivered_on`, `rechecked_on`), so the lists
 * answer "as of day D" from the row alone. A batch loads the rows it touches once, evolves them
 * in log order and writes each back once (BatchRows).
 */
export interface RectificationOrderRow {
  order_id: string
  enforcement_organisation_id: string
  region: string
  organisation_id: string
  problems: { source: 'violation' | 'finding'; id: string; category: string }[]
  categories: string[]
  issued_on: string
  deadline: string
  legal_basis: { category: string; article: string }[]
  rule: { name: string; version: string }
  requirements: string | null
  delivered_on: string | null
  delivery_method: string | null
  rechecked_on: string | null
  outcome: 'rectified' | 'not_rectified' | null
  recheck_notes: string | null
  escalated_on: string | null
  issued_event_id: string
  /** The day the scheduler's RectificationOrderOverdue says it became overdue (逾期未复查). */
  overdue_since: string | null
}

export interface RectificationOrderTables {
  enf_rectification_orders: RectificationOrderRow
}

const migrations: readonly Migration[] = [
  {
    name: 'rectification_orders_001_tables',
    up: `
      CREATE TABLE enf_rectification_orders (
        order_id text PRIMARY KEY,
        enforcement_organisation_id text NOT NULL,
        region text NOT NULL,
        organisation_id text NOT NULL,
        problems jsonb NOT NULL,
        categories jsonb NOT NULL,
        issued_on text NOT NULL,
        deadline text NOT NULL,
        legal_basis jsonb NOT NULL,
        rule jsonb NOT NULL,
        requirements text,
        delivered_on text,
        delivery_method text,
        rechecked_on text,
        outcome text,
        recheck_notes text,
        escalated_on text,
        issued_event_id text NOT NULL
      );
      CREATE INDEX enf_rectification_orders_region ON enf_rectification_orders (region, deadline, order_id);
      CREATE INDEX enf_rectification_orders_organisation ON enf_rectification_orders (organisation_id, rechecked_on);
    `,
  },
  {
    name: 'rectification_orders_002_overdue_since',
    up: `
      ALTER TABLE enf_rectification_orders ADD COLUMN overdue_since text;
      CREATE INDEX enf_rectification_orders_open ON enf_rectification_orders (deadline) WHERE rechecked_on IS NULL AND overdue_since IS NULL;
    `,
  },
]

/** The row after one event of its stream (pure); undefined: nothing yet (an event before its issue). */
export function evolveRectificationOrder(
  row: RectificationOrderRow | undefined,
  event: EnforcementEvent,
  eventId: string,
): RectificationOrderRow | undefined {
  switch (event.type) {
    case 'RectificationOrderIssued': {
      const e = event.data
      return {
        order_id: e.orderId,
        enforcement_organisation_id: e.enforcementOrganisationId,
        region: e.region,
        organisation_id: e.organisationId,
        problems: e.problems,
        categories: [...new Set(e.problems.map((p) => p.category))],
        issued_on: e.issuedOn,
        deadline: e.deadline,
        legal_basis: e.legalBasis,
        rule: e.rule,
        requirements: e.requirements ?? null,
        delivered_on: null,
        delivery_method: null,
        rechecked_on: null,
        outcome: null,
        recheck_notes: null,
        escalated_on: null,
        issued_event_id: eventId,
        overdue_since: null,
      }
    }
    case 'RectificationOrderDelivered':
      return row && { ...row, delivered_on: event.data.deliveredOn, delivery_method: event.data.method }
    case 'RectificationOrderRechecked':
      return (
        row && {
          ...row,
          rechecked_on: event.data.recheckedOn,
          outcome: event.data.outcome,
          recheck_notes: event.data.notes ?? null,
        }
      )
    case 'RectificationOrderEscalated':
      return row && { ...row, escalated_on: event.data.escalatedOn }
    case 'RectificationOrderOverdue':
      return row && { ...row, overdue_since: event.data.overdueSince }
    default:
      return row
  }
}

export const rectificationOrdersProjectionName = 'rectification_orders'

export function rectificationOrdersProjection(): Projection {
  return {
    name: rectificationOrdersProjectionName,
    migrations,
    eventTypes: enforcementEventTypes.filter((type) => type.startsWith('RectificationOrder')),
    async apply(events: readonly RecordedEvent[], tx: SqlExecutor) {
      const items = events.flatMap((recorded) => {
        const event = parseEnforcementEvent(recorded)
        return event && 'orderId' in event.data ? [{ key: event.data.orderId, event: { id: recorded.id, event } }] : []
      })
      await new BatchRows<RectificationOrderRow>('enf_rectification_orders', 'order_id').evolveAll(
        tx,
        items,
        (row, { id, event }) => evolveRectificationOrder(row, event, id),
      )
    },
    async reset(tx) {
      await tx.query('DELETE FROM enf_rectification_orders')
    },
  }
}
