import type { Migration } from '@gsr/db'
import { upcastCylinderEvent, type CylinderEvent } from '@gsr/events/cylinders'
import { operatorCertificateFact, type OperatorCertificateFact } from '@gsr/domain/cylinders'
import type { Projection } from '@gsr/projections'

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

const isOperatorEvent = (event: CylinderEvent): event is Extract<CylinderEvent, { type: `Operator${string}` }> =>
  event.type.startsWith('Operator')

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
    for (const recorded of events) {
      const event = upcastCylinderEvent(recorded)
      if (!event) continue
      switch (event.type) {
        case 'OperatorCertificateIssued': {
          const e = event.data
          await tx.query(
            `INSERT INTO op_certificates (certificate_no, person_id, name, categories, terms, issued_by, region_code,
               employer_organisation_id, valid_until)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (certificate_no) DO NOTHING`,
            [
              e.certificateNo,
              e.personId,
              e.name,
              JSON.stringify(e.categories),
              JSON.stringify([{ from: e.validFrom, until: e.validUntil }]),
              e.issuedBy,
              e.regionCode,
              e.employerOrganisationId ?? null,
              e.validUntil,
            ],
          )
          break
        }
        case 'OperatorCertificateSuspended': {
          const e = event.data
          const suspension = e.suspendedUntil
            ? { from: e.suspendedFrom, until: e.suspendedUntil }
            : { from: e.suspendedFrom }
          await tx.query(
            `UPDATE op_certificates SET suspensions = suspensions || jsonb_build_array($2::jsonb) WHERE certificate_no = $1`,
            [e.certificateNo, JSON.stringify(suspension)],
          )
          break
        }
        case 'OperatorCertificateReinstated': {
          const e = event.data
          // The open suspension ends the day before reinstatement (as the decider's evolve does).
          await tx.query(
            `UPDATE op_certificates SET suspensions = (
               SELECT COALESCE(jsonb_agg(CASE WHEN s ? 'until' THEN s
                 ELSE s || jsonb_build_object('until', to_char(($2::date - 1), 'YYYY-MM-DD')) END), '[]'::jsonb)
               FROM jsonb_array_elements(suspensions) AS s)
             WHERE certificate_no = $1`,
            [e.certificateNo, e.reinstatedOn],
          )
          break
        }
        case 'OperatorCertificateRevoked':
          await tx.query('UPDATE op_certificates SET revoked_on = $2 WHERE certificate_no = $1', [
            event.data.certificateNo,
            event.data.revokedOn,
          ])
          break
        case 'OperatorCertificateRenewed': {
          const e = event.data
          await tx.query(
            `UPDATE op_certificates
             SET terms = terms || jsonb_build_array($2::jsonb), categories = $3::jsonb,
                 valid_until = GREATEST(valid_until, $4)
             WHERE certificate_no = $1`,
            [
              e.certificateNo,
              JSON.stringify({ from: e.validFrom, until: e.validUntil }),
              JSON.stringify(e.categories),
              e.validUntil,
            ],
          )
          break
        }
        default:
          break
      }
      if (isOperatorEvent(event)) {
        // The person matters: an issue of a number already held by someone else was ignored above.
        const fact = operatorCertificateFact(event, recorded.id)
        await tx.query(
          `UPDATE op_certificates SET facts = facts || jsonb_build_array($2::jsonb)
           WHERE certificate_no = $1 AND person_id = $3`,
          [fact.certificateNo, JSON.stringify(fact), event.data.personId],
        )
      }
    }
  },
  async reset(tx) {
    await tx.query('TRUNCATE op_certificates')
  },
}
