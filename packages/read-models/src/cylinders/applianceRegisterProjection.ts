import type { Migration } from '@gsr/db'
import { upcastCylinderEvent, type CylinderEvent } from '@gsr/events/cylinders'
import type { Projection } from '@gsr/projections'
import { appendRows, BatchRows } from '../BatchRows.ts'

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

type CertificateRow = ApplianceRegisterTables['ccc_certificates']
type ApplianceEvent = Extract<CylinderEvent, { type: `Appliance${string}` }>
type CertificateEvent = Extract<
  ApplianceEvent,
  { type: 'ApplianceCertificateIssued' | 'ApplianceCertificationFailed' | 'ApplianceCertificateReinstated' }
>

const isCertificateEvent = (event: CylinderEvent): event is CertificateEvent =>
  event.type === 'ApplianceCertificateIssued' ||
  event.type === 'ApplianceCertificationFailed' ||
  event.type === 'ApplianceCertificateReinstated'

/** The certificate's row after one of its events (pure): the first issue makes it, failures and reinstatements are its changes. */
export function evolveApplianceCertificate(
  row: CertificateRow | undefined,
  event: CertificateEvent,
  eventId: string,
): CertificateRow | undefined {
  switch (event.type) {
    case 'ApplianceCertificateIssued': {
      const e = event.data
      return (
        row ?? {
          certificate_no: e.certificateNo,
          certification_body_id: e.certificationBodyId,
          manufacturer_id: e.manufacturerId,
          model_no: e.modelNo,
          category: e.category,
          valid_from: e.validFrom,
          valid_until: e.validUntil,
          region_code: e.regionCode,
          changes: [],
        }
      )
    }
    case 'ApplianceCertificationFailed': {
      const e = event.data
      const change = { kind: e.failure, effectiveFrom: e.effectiveFrom, reason: e.reason, eventId }
      return row && { ...row, changes: [...row.changes, change] }
    }
    case 'ApplianceCertificateReinstated': {
      const change = { kind: 'reinstated', effectiveFrom: event.data.effectiveFrom, eventId }
      return row && { ...row, changes: [...row.changes, change] }
    }
  }
}

/** A production or sale record, a spot check: one row per fact (appendRows). */
function recordRow(event: CylinderEvent, eventId: string): ApplianceRegisterTables['ccc_records'] | undefined {
  if (event.type !== 'ApplianceProductionRecorded' && event.type !== 'ApplianceSaleRecorded') return undefined
  const sale = event.type === 'ApplianceSaleRecorded' ? event.data : undefined
  const e = event.data
  return {
    record_id: e.recordId,
    kind: sale ? 'sale' : 'production',
    organisation_id: sale ? sale.sellerId : e.manufacturerId,
    manufacturer_id: e.manufacturerId,
    model_no: e.modelNo,
    category: e.category,
    certificate_no: e.certificateNo ?? null,
    on_date: sale ? sale.soldOn : (e as { producedOn: string }).producedOn,
    quantity: e.quantity,
    region_code: e.regionCode,
    source: e.source,
    recorded_by: e.recordedBy,
    event_id: eventId,
  }
}

function spotCheckRow(event: CylinderEvent, eventId: string): ApplianceRegisterTables['ccc_spot_checks'] | undefined {
  if (event.type !== 'ApplianceSpotChecked') return undefined
  const e = event.data
  return {
    check_id: e.checkId,
    category: e.category,
    manufacturer_id: e.manufacturerId,
    model_no: e.modelNo,
    sampled_from: e.sampledFromOrganisationId,
    sampled_on: e.sampledOn,
    result: e.result,
    items: e.items,
    checked_by: e.checkedBy,
    region_code: e.regionCode,
    event_id: eventId,
  }
}

/** Certificates through BatchRows (one row each, evolved in log order); records and spot checks appended. */
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
    const certificates: { key: string; event: { id: string; event: CertificateEvent } }[] = []
    const records: ApplianceRegisterTables['ccc_records'][] = []
    const spotChecks: ApplianceRegisterTables['ccc_spot_checks'][] = []
    for (const recorded of events) {
      const event = upcastCylinderEvent(recorded)
      if (!event) continue
      if (isCertificateEvent(event))
        certificates.push({ key: event.data.certificateNo, event: { id: recorded.id, event } })
      const record = recordRow(event, recorded.id)
      if (record) records.push(record)
      const spotCheck = spotCheckRow(event, recorded.id)
      if (spotCheck) spotChecks.push(spotCheck)
    }
    await new BatchRows<CertificateRow>('ccc_certificates', 'certificate_no').evolveAll(
      tx,
      certificates,
      (row, { id, event }) => evolveApplianceCertificate(row, event, id),
    )
    await appendRows(tx, 'ccc_records', records)
    await appendRows(tx, 'ccc_spot_checks', spotChecks)
  },
  async reset(tx) {
    await tx.query('TRUNCATE ccc_certificates, ccc_records, ccc_spot_checks')
  },
}
