import type { Migration } from '@gsr/db'
import { upcastCylinderEvent, type CylinderEvent } from '@gsr/events/cylinders'
import { addDays } from '@gsr/domain'
import { operatorCertificateFact, type OperatorCertificateFact } from '@gsr/domain/cylinders'
import type { Projection } from '@gsr/projections'
import { BatchRows } from '../BatchRows.ts'

/**
 * Read model `operator_register`: one row per operator certificate. `facts` keeps its dated
 * facts with their event ids (the shape `operatorCertificateStatusOn` reads, the same one the
 * violations projection keeps), so validity can be answered for any past day without
 * replaying streams. `terms`, `suspensions` and `revoked_on` are the register's display.
 */
export interface OperatorRegisterTables {
  op_certificates: {
    certificate_no: string
    person_id: string
    name: string
    categories: string[]
    terms: { from: string; until: string }[]
    suspensions: { from: string; until?: string }[]
    revoked_on: string | null
    issued_by: string
    region_code: string
    employer_organisation_id: string | null
    valid_until: string
    facts: OperatorCertificateFact[]
  }
}

const migrations: readonly Migration[] = [
  {
    name: 'operator_register_001_tables',
    up: `
      CREATE TABLE op_certificates (
        certificate_no text PRIMARY KEY,
        person_id text NOT NULL,
        name text NOT NULL,
        categories jsonb NOT NULL,
        terms jsonb NOT NULL,
        suspensions jsonb NOT NULL DEFAULT '[]'::jsonb,
        revoked_on text,
        issued_by text NOT NULL,
        region_code text NOT NULL,
        employer_organisation_id text,
        valid_until text NOT NULL
      );
      CREATE INDEX op_certificates_person ON op_certificates (person_id);
      CREATE INDEX op_certificates_employer ON op_certificates (employer_organisation_id, certificate_no);
      CREATE INDEX op_certificates_region ON op_certificates (region_code, certificate_no);
    `,
  },
  {
    // Rows written before this migration have no facts: rebuild `gas_safety` after it.
    name: 'operator_register_002_facts',
    up: `ALTER TABLE op_certificates ADD COLUMN facts jsonb NOT NULL DEFAULT '[]'::jsonb;`,
  },
]

type OperatorEvent = Extract<CylinderEvent, { type: `Operator${string}` }>
type CertificateRow = OperatorRegisterTables['op_certificates']

const isOperatorEvent = (event: CylinderEvent): event is OperatorEvent => event.type.startsWith('Operator')

/**
 * The certificate's row after one of its events (pure); undefined: no row (an event before the
 * issue). An issue of a number already held is ignored, and a fact is kept only when the row is
 * the event's person's (an issue of a number held by someone else changes nothing).
 */
export function evolveOperatorCertificate(
  row: CertificateRow | undefined,
  event: OperatorEvent,
  eventId: string,
): CertificateRow | undefined {
  const changed = evolveDisplay(row, event)
  if (!changed || changed.person_id !== event.data.personId) return changed
  return { ...changed, facts: [...changed.facts, operatorCertificateFact(event, eventId)] }
}

function evolveDisplay(row: CertificateRow | undefined, event: OperatorEvent): CertificateRow | undefined {
  switch (event.type) {
    case 'OperatorCertificateIssued': {
      const e = event.data
      return (
        row ?? {
          certificate_no: e.certificateNo,
          person_id: e.personId,
          name: e.name,
          categories: e.categories,
          terms: [{ from: e.validFrom, until: e.validUntil }],
          suspensions: [],
          revoked_on: null,
          issued_by: e.issuedBy,
          region_code: e.regionCode,
          employer_organisation_id: e.employerOrganisationId ?? null,
          valid_until: e.validUntil,
          facts: [],
        }
      )
    }
    case 'OperatorCertificateSuspended': {
      const e = event.data
      const suspension = e.suspendedUntil
        ? { from: e.suspendedFrom, until: e.suspendedUntil }
        : { from: e.suspendedFrom }
      return row && { ...row, suspensions: [...row.suspensions, suspension] }
    }
    case 'OperatorCertificateReinstated': {
      // The open suspensions end the day before reinstatement (as the decider's evolve does).
      const until = addDays(event.data.reinstatedOn, -1)
      return row && { ...row, suspensions: row.suspensions.map((s) => ('until' in s ? s : { ...s, until })) }
    }
    case 'OperatorCertificateRevoked':
      return row && { ...row, revoked_on: event.data.revokedOn }
    case 'OperatorCertificateRenewed': {
      const e = event.data
      return (
        row && {
          ...row,
          terms: [...row.terms, { from: e.validFrom, until: e.validUntil }],
          categories: e.categories,
          valid_until: row.valid_until > e.validUntil ? row.valid_until : e.validUntil,
        }
      )
    }
  }
}

/** One row per certificate, written through BatchRows: loaded once a batch, evolved in log order, written once. */
export const operatorRegisterProjection: Projection = {
  name: 'operator_register',
  migrations,
  eventTypes: [
    'OperatorCertificateIssued',
    'OperatorCertificateSuspended',
    'OperatorCertificateReinstated',
    'OperatorCertificateRevoked',
    'OperatorCertificateRenewed',
  ],
  async apply(events, tx) {
    const items = events.flatMap((recorded) => {
      const event = upcastCylinderEvent(recorded)
      return event && isOperatorEvent(event)
        ? [{ key: event.data.certificateNo, event: { id: recorded.id, event } }]
        : []
    })
    await new BatchRows<CertificateRow>('op_certificates', 'certificate_no').evolveAll(
      tx,
      items,
      (row, { id, event }) => evolveOperatorCertificate(row, event, id),
    )
  },
  async reset(tx) {
    await tx.query('TRUNCATE op_certificates')
  },
}
