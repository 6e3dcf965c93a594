import type { Migration } from '@gsr/db'
import { upcastCylinderEvent } from '@gsr/events/cylinders'
import type { Projection } from '@gsr/projections'

/**
 * Read model `appliance_register`: CCC certificates with their failures and reinstatements
 * (the shape `applianceCertificateStatusOn` reads), production and sale records, spot checks.
 */
export interface ApplianceRegisterTables {
  ccc_certificates: {
    certificate_no: string
    certification_body_id: string
    manufacturer_id: string
    model_no: string
    category: string
    valid_from: string
    valid_until: string
    region_code: string
    changes: { kind: string; effectiveFrom: string; reason?: string; eventId: string }[]
  }
  ccc_records: {
    record_id: string
    kind: 'production' | 'sale'
    organisation_id: string
    manufacturer_id: string
    model_no: string
    category: string
    certificate_no: string | null
    on_date: string
    quantity: number
    region_code: string
    source: string
    recorded_by: string
    event_id: string
  }
  ccc_spot_checks: {
    check_id: string
    category: string
    manufacturer_id: string
    model_no: string
    sampled_from: string
    sampled_on: string
    result: string
    items: unknown
    checked_by: string
    region_code: string
    event_id: string
  }
}

const migrations: readonly Migration[] = [
  {
    name: 'appliance_register_001_tables',
    up: `
      CREATE TABLE ccc_certificates (
        certificate_no text PRIMARY KEY,
        certification_body_id text NOT NULL,
        manufacturer_id text NOT NULL,
        model_no text NOT NULL,
        category text NOT NULL,
        valid_from text NOT NULL,
        valid_until text NOT NULL,
        region_code text NOT NULL,
        changes jsonb NOT NULL DEFAULT '[]'::jsonb
      );
      CREATE INDEX ccc_certificates_model ON ccc_certificates (manufacturer_id, model_no);
      CREATE TABLE ccc_records (
        record_id text PRIMARY KEY,
        kind text NOT NULL,
        organisation_id text NOT NULL,
        manufacturer_id text NOT NULL,
        model_no text NOT NULL,
        category text NOT NULL,
        certificate_no text,
        on_date text NOT NULL,
        quantity int8 NOT NULL,
        region_code text NOT NULL,
        source text NOT NULL,
        recorded_by text NOT NULL,
        event_id text NOT NULL
      );
      CREATE INDEX ccc_records_org ON ccc_records (organisation_id, on_date, record_id);
      CREATE INDEX ccc_records_region ON ccc_records (region_code, on_date, record_id);
      CREATE INDEX ccc_records_model ON ccc_records (manufacturer_id, model_no);
      CREATE TABLE ccc_spot_checks (
        check_id text PRIMARY KEY,
        category text NOT NULL,
        manufacturer_id text NOT NULL,
        model_no text NOT NULL,
        sampled_from text NOT NULL,
        sampled_on text NOT NULL,
        result text NOT NULL,
        items jsonb NOT NULL,
        checked_by text NOT NULL,
        region_code text NOT NULL,
        event_id text NOT NULL
      );
      CREATE INDEX ccc_spot_checks_region ON ccc_spot_checks (region_code, sampled_on, check_id);
    `,
  },
]

export const applianceRegisterProjection: Projection = {
  name: 'appliance_register',
  migrations,
  eventTypes: [
    'ApplianceCertificateIssued',
    'ApplianceCertificationFailed',
    'ApplianceCertificateReinstated',
    'ApplianceProductionRecorded',
    'ApplianceSaleRecorded',
    'ApplianceSpotChecked',
  ],
  async apply(events, tx) {
    for (const recorded of events) {
      const event = upcastCylinderEvent(recorded)
      if (!event) continue
      switch (event.type) {
        case 'ApplianceCertificateIssued': {
          const e = event.data
          await tx.query(
            `INSERT INTO ccc_certificates (certificate_no, certification_body_id, manufacturer_id, model_no, category,
               valid_from, valid_until, region_code)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (certificate_no) DO NOTHING`,
            [
              e.certificateNo,
              e.certificationBodyId,
              e.manufacturerId,
              e.modelNo,
              e.category,
              e.validFrom,
              e.validUntil,
              e.regionCode,
            ],
          )
          break
        }
        case 'ApplianceCertificationFailed':
        case 'ApplianceCertificateReinstated': {
          const e = event.data
          const change =
            event.type === 'ApplianceCertificationFailed'
              ? {
                  kind: event.data.failure,
                  effectiveFrom: e.effectiveFrom,
                  reason: event.data.reason,
                  eventId: recorded.id,
                }
              : { kind: 'reinstated', effectiveFrom: e.effectiveFrom, eventId: recorded.id }
          await tx.query(
            `UPDATE ccc_certificates SET changes = changes || jsonb_build_array($2::jsonb) WHERE certificate_no = $1`,
            [e.certificateNo, JSON.stringify(change)],
          )
          break
        }
        case 'ApplianceProductionRecorded':
        case 'ApplianceSaleRecorded': {
          const sale = event.type === 'ApplianceSaleRecorded' ? event.data : undefined
          const e = event.data
          await tx.query(
            `INSERT INTO ccc_records (record_id, kind, organisation_id, manufacturer_id, model_no, category,
               certificate_no, on_date, quantity, region_code, source, recorded_by, event_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT (record_id) DO NOTHING`,
            [
              e.recordId,
              sale ? 'sale' : 'production',
              sale ? sale.sellerId : e.manufacturerId,
              e.manufacturerId,
              e.modelNo,
              e.category,
              e.certificateNo ?? null,
              sale ? sale.soldOn : (e as { producedOn: string }).producedOn,
              e.quantity,
              e.regionCode,
              e.source,
              e.recordedBy,
              recorded.id,
            ],
          )
          break
        }
        case 'ApplianceSpotChecked': {
          const e = event.data
          await tx.query(
            `INSERT INTO ccc_spot_checks (check_id, category, manufacturer_id, model_no, sampled_from, sampled_on,
               result, items, checked_by, region_code, event_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (check_id) DO NOTHING`,
            [
              e.checkId,
              e.category,
              e.manufacturerId,
              e.modelNo,
              e.sampledFromOrganisationId,
              e.sampledOn,
              e.result,
              JSON.stringify(e.items),
              e.checkedBy,
              e.regionCode,
              recorded.id,
            ],
          )
          break
        }
        default:
          break
      }
    }
  },
  async reset(tx) {
    await tx.query('TRUNCATE ccc_certificates, ccc_records, ccc_spot_checks')
  },
}
