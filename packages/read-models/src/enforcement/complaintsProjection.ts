import type { Migration, SqlExecutor } from '@gsr/db'
import type { RecordedEvent } from '@gsr/event-store'
import { enforcementEventTypes, parseEnforcementEvent, type EnforcementEvent } from '@gsr/events/enforcement'
import type { Projection } from '@gsr/projections'
import { BatchRows } from '../BatchRows.ts'

/**
 * Read model `complaints`: one row per complaint or tip-off (投诉举报) with its dated facts as
 * field days, so the lists answer "as of day D" from the row alone. The complainant's contact is
 * NOT here: it stays in the received event, read back only for the receiving team's single-ticket
 * view, so no list, CSV or ledger can leak it.
 */
export interface ComplaintRow {
  complaint_id: string
  receiving_organisation_id: string
  region: string
  channel: string
  received_on: string
  content: string
  subject: {
    organisationId?: string | undefined
    equipmentCode?: string | undefined
    cylinderCode?: string | undefined
    address?: string | undefined
  }
  /** `organisation:<id>`, `equipment:<code>`, `cylinder:<code>`, `address:<text>`: what repeated complaints group on. */
  subject_keys: string[]
  category: string
  reply_due: string
  rule: { name: string; version: string }
  assignments: {
    teamOrganisationId: string
    assignedBy: string
    assignedOn: string
    refusedOn: string | null
    reason: string | null
    acceptedOn: string | null
  }[]
  /** The team it is with now (null: awaiting assignment). */
  team_organisation_id: string | null
  handled_on: string | null
  outcome: string | null
  handling_references: { kind: string; id: string }[]
  replied_on: string | null
  reply_method: string | null
  reply_summary: string | null
  satisfaction: 'satisfied' | 'basically_satisfied' | 'dissatisfied' | null
  satisfaction_on: string | null
  verified_on: string | null
  verification_notes: string | null
  received_event_id: string
}

export interface ComplaintTables {
  enf_complaints: ComplaintRow
}

const migrations: readonly Migration[] = [
  {
    name: 'complaints_001_tables',
    up: `
      CREATE TABLE enf_complaints (
        complaint_id text PRIMARY KEY,
        receiving_organisation_id text NOT NULL,
        region text NOT NULL,
        channel text NOT NULL,
        received_on text NOT NULL,
        content text NOT NULL,
        subject jsonb NOT NULL,
        subject_keys jsonb NOT NULL,
        category text NOT NULL,
        reply_due text NOT NULL,
        rule jsonb NOT NULL,
        assignments jsonb NOT NULL,
        team_organisation_id text,
        handled_on text,
        outcome text,
        handling_references jsonb NOT NULL,
        replied_on text,
        reply_method text,
        reply_summary text,
        satisfaction text,
        satisfaction_on text,
        verified_on text,
        verification_notes text,
        received_event_id text NOT NULL
      );
      CREATE INDEX enf_complaints_region ON enf_complaints (region, reply_due, complaint_id);
      CREATE INDEX enf_complaints_received ON enf_complaints (region, received_on);
    `,
  },
]

/** The keys a subject is grouped on (address with its white space folded). */
export function subjectKeysOf(subject: ComplaintRow['subject']): string[] {
  return [
    ...(subject.organisationId ? [`organisation:${subject.organisationId}`] : []),
    ...(subject.equipmentCode ? [`equipment:${subject.equipmentCode}`] : []),
    ...(subject.cylinderCode ? [`cylinder:${subject.cylinderCode}`] : []),
    ...(subject.address ? [`address:${subject.address.replace(/\s+/g, '')}`] : []),
  ]
}

/** The row after one event of its stream (pure); undefined: nothing yet (an event before its receipt). */
export function evolveComplaint(
  row: ComplaintRow | undefined,
  event: EnforcementEvent,
  eventId: string,
): ComplaintRow | undefined {
  switch (event.type) {
    case 'ComplaintReceived': {
      const e = event.data
      return {
        complaint_id: e.complaintId,
        receiving_organisation_id: e.receivingOrganisationId,
        region: e.region,
        channel: e.channel,
        received_on: e.receivedOn,
        content: e.content,
        subject: e.subject,
        subject_keys: subjectKeysOf(e.subject),
        category: e.category,
        reply_due: e.replyDue,
        rule: e.rule,
        assignments: [],
        team_organisation_id: null,
        handled_on: null,
        outcome: null,
        handling_references: [],
        replied_on: null,
        reply_method: null,
        reply_summary: null,
        satisfaction: null,
        satisfaction_on: null,
        verified_on: null,
        verification_notes: null,
        received_event_id: eventId,
      }
    }
    case 'ComplaintAssigned': {
      const { teamOrganisationId, assignedBy, assignedOn } = event.data
      const assignment = { teamOrganisationId, assignedBy, assignedOn, refusedOn: null, reason: null, acceptedOn: null }
      return row && { ...row, assignments: [...row.assignments, assignment], team_organisation_id: teamOrganisationId }
    }
    case 'ComplaintTransferRefused': {
      const { refusedOn, reason } = event.data
      return (
        row && {
          ...row,
          assignments: row.assignments.map((a, i, all) => (i === all.length - 1 ? { ...a, refusedOn, reason } : a)),
          team_organisation_id: null,
        }
      )
    }
    case 'ComplaintAccepted': {
      const { acceptedOn } = event.data
      return (
        row && {
          ...row,
          assignments: row.assignments.map((a, i, all) => (i === all.length - 1 ? { ...a, acceptedOn } : a)),
        }
      )
    }
    case 'ComplaintHandled':
      return (
        row && {
          ...row,
          handled_on: event.data.handledOn,
          outcome: event.data.outcome,
          handling_references: event.data.references,
        }
      )
    case 'ComplaintReplied':
      return (
        row && {
          ...row,
          replied_on: event.data.repliedOn,
          reply_method: event.data.method,
          reply_summary: event.data.summary,
        }
      )
    case 'ComplaintSatisfactionRecorded':
      return row && { ...row, satisfaction: event.data.satisfaction, satisfaction_on: event.data.recordedOn }
    case 'ComplaintVerified':
      return row && { ...row, verified_on: event.data.verifiedOn, verification_notes: event.data.notes }
    default:
      return row
  }
}

export const complaintsProjectionName = 'complaints'

export function complaintsProjection(): Projection {
  return {
    name: complaintsProjectionName,
    migrations,
    eventTypes: enforcementEventTypes.filter((type) => type.startsWith('Complaint')),
    async apply(events: readonly RecordedEvent[], tx: SqlExecutor) {
      const items = events.flatMap((recorded) => {
        const event = parseEnforcementEvent(recorded)
        return event && 'complaintId' in event.data
          ? [{ key: event.data.complaintId, event: { id: recorded.id, event } }]
          : []
      })
      await new BatchRows<ComplaintRow>('enf_complaints', 'complaint_id').evolveAll(tx, items, (row, { id, event }) =>
        evolveComplaint(row, event, id),
      )
    },
    async reset(tx) {
      await tx.query('DELETE FROM enf_complaints')
    },
  }
}
