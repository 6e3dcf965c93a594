import type { Migration, SqlExecutor } from '@gsr/db'
import type { RecordedEvent } from '@gsr/event-store'
import {
  enforcementEventTypes,
  parseEnforcementEvent,
  type EnforcementEvent,
  type EnforcementEventOf,
} from '@gsr/events/enforcement'
import type { Projection } from '@gsr/projections'
import { BatchRows } from '../BatchRows.ts'

/** One referral to the police and the receipt, with the ids of the events that record them. */
export interface CaseReferralRecord {
  referredOn: string
  policeAgency: string
  reason: string
  evidence: EnforcementEventOf<'PenaltyCaseReferredToPolice'>['data']['evidence']
  referredEventId: string
  receivedOn: string | null
  outcome: 'accepted' | 'declined' | null
  criminalCaseNumber: string | null
  declineReason: string | null
  receiptEventId: string | null
}

/**
 * Read model `penalty_cases`: one row per administrative penalty case (行政处罚案件), its dated
 * facts as field days, so the lists answer "as of day D" from the row alone. Money columns are
 * integer fen (bigint; read back as strings by pg, see `fenOf`). Written through BatchRows.
 */
export interface PenaltyCaseRow {
  case_id: string
  enforcement_organisation_id: string
  region: string
  organisation_id: string
  sources: EnforcementEventOf<'PenaltyCaseOpened'>['data']['sources']
  categories: string[]
  opened_on: string
  decision_due: string
  rule: { name: string; version: string }
  summary: string | null
  investigated_on: string | null
  investigation: { findings: string; evidenceEventIds: string[] } | null
  extended_on: string | null
  extended_due: string | null
  extension: { approvedBy: string; extensionDays: number; reason: string } | null
  decided_on: string | null
  decision: {
    decisionNumber: string
    approvedBy: string
    penalties: EnforcementEventOf<'PenaltyCaseDecided'>['data']['penalties']
    legalBasis: { category: string; article: string }[]
    rule: { name: string; version: string }
  } | null
  fine_fen: string | number | null
  closed_on: string | null
  fine_collected_fen: string | number | null
  close_notes: string | null
  dropped_on: string | null
  dropping: { kind: 'no_penalty' | 'withdrawn'; reason: string } | null
  referrals: CaseReferralRecord[]
  opened_event_id: string
  /** The day the scheduler's PenaltyCaseOverdue says it became overdue (超期未决). */
  overdue_since: string | null
}

export interface PenaltyCaseTables {
  enf_penalty_cases: PenaltyCaseRow
}

/** A bigint column as pg returns it (a string) → an exact integer number of fen. */
export const fenOf = (value: string | number | null): number | null => (value === null ? null : Number(value))

const migrations: readonly Migration[] = [
  {
    name: 'penalty_cases_001_tables',
    up: `
      CREATE TABLE enf_penalty_cases (
        case_id text PRIMARY KEY,
        enforcement_organisation_id text NOT NULL,
        region text NOT NULL,
        organisation_id text NOT NULL,
        sources jsonb NOT NULL,
        categories jsonb NOT NULL,
        opened_on text NOT NULL,
        decision_due text NOT NULL,
        rule jsonb NOT NULL,
        summary text,
        investigated_on text,
        investigation jsonb,
        extended_on text,
        extended_due text,
        extension jsonb,
        decided_on text,
        decision jsonb,
        fine_fen bigint,
        closed_on text,
        fine_collected_fen bigint,
        close_notes text,
        dropped_on text,
        dropping jsonb,
        referrals jsonb NOT NULL,
        opened_event_id text NOT NULL
      );
      CREATE INDEX enf_penalty_cases_region ON enf_penalty_cases (region, opened_on, case_id);
      CREATE INDEX enf_penalty_cases_organisation ON enf_penalty_cases (organisation_id, opened_on);
    `,
  },
  {
    name: 'penalty_cases_002_overdue_since',
    up: `
      ALTER TABLE enf_penalty_cases ADD COLUMN overdue_since text;
      CREATE INDEX enf_penalty_cases_undecided ON enf_penalty_cases (decision_due)
        WHERE decided_on IS NULL AND closed_on IS NULL AND dropped_on IS NULL AND overdue_since IS NULL;
    `,
  },
]

const lastReferral = (row: PenaltyCaseRow, change: (r: CaseReferralRecord) => CaseReferralRecord): PenaltyCaseRow => ({
  ...row,
  referrals: row.referrals.map((r, i) => (i === row.referrals.length - 1 ? change(r) : r)),
})

/** The row after one event of its stream (pure); undefined: nothing yet (an event before its opening). */
export function evolvePenaltyCase(
  row: PenaltyCaseRow | undefined,
  event: EnforcementEvent,
  eventId: string,
): PenaltyCaseRow | undefined {
  switch (event.type) {
    case 'PenaltyCaseOpened': {
      const e = event.data
      return {
        case_id: e.caseId,
        enforcement_organisation_id: e.enforcementOrganisationId,
        region: e.region,
        organisation_id: e.organisationId,
        sources: e.sources,
        categories: [...new Set(e.sources.flatMap((s) => s.categories))],
        opened_on: e.openedOn,
        decision_due: e.decisionDue,
        rule: e.rule,
        summary: e.summary ?? null,
        investigated_on: null,
        investigation: null,
        extended_on: null,
        extended_due: null,
        extension: null,
        decided_on: null,
        decision: null,
        fine_fen: null,
        closed_on: null,
        fine_collected_fen: null,
        close_notes: null,
        dropped_on: null,
        dropping: null,
        referrals: [],
        opened_event_id: eventId,
        overdue_since: null,
      }
    }
    case 'PenaltyCaseInvestigated':
      return (
        row && {
          ...row,
          investigated_on: event.data.investigatedOn,
          investigation: { findings: event.data.findings, evidenceEventIds: event.data.evidenceEventIds ?? [] },
        }
      )
    case 'PenaltyCaseExtended': {
      const e = event.data
      return (
        row && {
          ...row,
          extended_on: e.approvedOn,
          extended_due: e.decisionDue,
          extension: { approvedBy: e.approvedBy, extensionDays: e.extensionDays, reason: e.reason },
        }
      )
    }
    case 'PenaltyCaseDecided': {
      const e = event.data
      return (
        row && {
          ...row,
          decided_on: e.decidedOn,
          decision: {
            decisionNumber: e.decisionNumber,
            approvedBy: e.approvedBy,
            penalties: e.penalties,
            legalBasis: e.legalBasis,
            rule: e.rule,
          },
          fine_fen: e.fineFen,
        }
      )
    }
    case 'PenaltyCaseClosed':
      return (
        row && {
          ...row,
          closed_on: event.data.closedOn,
          fine_collected_fen: event.data.fineCollectedFen,
          close_notes: event.data.notes ?? null,
        }
      )
    case 'PenaltyCaseDropped':
      return (
        row && {
          ...row,
          dropped_on: event.data.droppedOn,
          dropping: { kind: event.data.kind, reason: event.data.reason },
        }
      )
    case 'PenaltyCaseReferredToPolice': {
      const e = event.data
      return (
        row && {
          ...row,
          referrals: [
            ...row.referrals,
            {
              referredOn: e.referredOn,
              policeAgency: e.policeAgency,
              reason: e.reason,
              evidence: e.evidence,
              referredEventId: eventId,
              receivedOn: null,
              outcome: null,
              criminalCaseNumber: null,
              declineReason: null,
              receiptEventId: null,
            },
          ],
        }
      )
    }
    case 'PenaltyCasePoliceReceiptRecorded': {
      const e = event.data
      return (
        row &&
        lastReferral(row, (r) => ({
          ...r,
          receivedOn: e.receivedOn,
          outcome: e.outcome,
          criminalCaseNumber: e.criminalCaseNumber ?? null,
          declineReason: e.reason ?? null,
          receiptEventId: eventId,
        }))
      )
    }
    case 'PenaltyCaseOverdue':
      return row && { ...row, overdue_since: event.data.overdueSince }
    default:
      return row
  }
}

export const penaltyCasesProjectionName = 'penalty_cases'

export function penaltyCasesProjection(): Projection {
  return {
    name: penaltyCasesProjectionName,
    migrations,
    eventTypes: enforcementEventTypes.filter((type) => type.startsWith('PenaltyCase')),
    async apply(events: readonly RecordedEvent[], tx: SqlExecutor) {
      const items = events.flatMap((recorded) => {
        const event = parseEnforcementEvent(recorded)
        return event && 'caseId' in event.data ? [{ key: event.data.caseId, event: { id: recorded.id, event } }] : []
      })
      await new BatchRows<PenaltyCaseRow>('enf_penalty_cases', 'case_id').evolveAll(tx, items, (row, { id, event }) =>
        evolvePenaltyCase(row, event, id),
      )
    },
    async reset(tx) {
      await tx.query('DELETE FROM enf_penalty_cases')
    },
  }
}
