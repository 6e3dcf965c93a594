import type { SqlExecutor } from '@gsr/db'
import type { RecordedEvent } from '@gsr/event-store'
import { chinaDate } from '@gsr/domain'
import {
  operatorCertificateFact,
  operatorCertificateStatusOn,
  type OperatorCertificateFact,
} from '@gsr/domain/cylinders'
import {
  cccRequirementRules,
  cylinderStateAt,
  inspectionCuresOverdue,
  judgeApplianceRecord,
  judgeCylinderFill,
  judgeEquipmentFoundInUse,
  judgeFillChecks,
  judgeInspectionOverdue,
  judgeOperatorWork,
  requiredFillChecks,
  violationId,
  type ApplianceCertificateFact,
  type CylinderFact,
  type FillFact,
  type ViolationFinding,
} from '@gsr/domain/enforcement'
import { parseCylinderEvent, type CylinderEvent, type CylinderType } from '@gsr/events/cylinders'
import { parseEquipmentEvent, type EquipmentEvent } from '@gsr/events/equipment'
import type { Projection } from '@gsr/projections'
import type { EvidenceRef } from './EnforcementTables.ts'
import { BatchRows } from '../BatchRows.ts'
import { dayStart, eventRef } from './eventRef.ts'
import { violationsMigrations, violationsTables } from './violationsMigrations.ts'

/** A stored fact keeps the pointer to its event, so violations can cite it as evidence. */
type Stored<F> = F & { readonly ref: EvidenceRef }
interface CylinderRow {
  type?: CylinderType
  facts: Stored<CylinderFact>[]
}

export const violationsProjectionName = 'enforcement_violations'

/** The catalogue events this projection reads (the anti-corruption layer maps them to facts). */
export const violationEventTypes = [
  'EquipmentRegistered',
  'EquipmentTransferred',
  'EquipmentCancelled',
  'EquipmentFoundInUse',
  'OperationFoundPerformed',
  'InspectionOverdue',
  'InspectionResultRecorded',
  'CylinderRegistered',
  'CylinderEntrusted',
  'CylinderEntrustmentEnded',
  'CylinderInspected',
  'CylinderScrapped',
  'CylinderFilled',
  'OperatorCertificateIssued',
  'OperatorCertificateRenewed',
  'OperatorCertificateSuspended',
  'OperatorCertificateReinstated',
  'OperatorCertificateRevoked',
  'ApplianceCertificateIssued',
  'ApplianceCertificationFailed',
  'ApplianceCertificateReinstated',
  'ApplianceProductionRecorded',
  'ApplianceSaleRecorded',
] as const

interface ViolationRow {
  id: string
  category: string
  sub_reason: string
  subject_kind: string
  subject_id: string
  organisation_id: string
  region: string
  occurred_at: string
  occurred_on: string
  detected_at: string
  evidence: EvidenceRef[]
  details: Record<string, unknown>
  status: 'open' | 'resolved'
  cure_key: string | null
  resolved_by_event_id: string | null
  resolved_at: string | null
}

type Parsed = { recorded: RecordedEvent; event: EquipmentEvent | CylinderEvent }

/**
 * Upcast and validate through the catalogues. An event its catalogue rejects proves nothing,
 * but it is not skipped silently: the throw makes the runner quarantine it (listed, counted,
 * /ready not ready) while enforcement goes on with the events after it.
 */
function parse(recorded: RecordedEvent): Parsed {
  try {
    const equipment = parseEquipmentEvent(recorded)
    if (equipment) return { recorded, event: equipment }
    return { recorded, event: parseCylinderEvent(recorded) }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    throw new Error(`${recorded.type} ${recorded.id} does not match its catalogue schema: ${reason}`, { cause: error })
  }
}

const modelKey = (manufacturerId: string, modelNo: string) => `${manufacturerId}|${modelNo}`

/** Instants stay instants; field days become the start of that day in China time. */
const toInstant = (at: string) => (at.length === 10 ? dayStart(at) : at)

/**
 * The "five strict crackdowns" as a projection: each violation once (deterministic id), with
 * the events that prove it; cures (a later registration, a passing inspection) mark it resolved
 * with the curing event, never delete it. Judged on the facts as the log showed them when the
 * triggering event was processed, evaluated on the field day of the act.
 */
export function violationsProjection(): Projection {
  return {
    name: violationsProjectionName,
    // 2: operator certificates judged by the one status (a reinstatement ends a suspension from its day).
    version: 2,
    migrations: violationsMigrations,
    eventTypes: violationEventTypes,
    async reset(tx) {
      for (const table of violationsTables) await tx.query(`DELETE FROM ${table}`)
    },
    async apply(events, tx) {
      const parsed = events.map(parse)
      const cylinders = new BatchRows<{ cylinder_code: string; facts: CylinderRow }>('enf_cylinders', 'cylinder_code')
      const operators = new BatchRows<{ person_id: string; facts: Stored<OperatorCertificateFact>[] }>(
        'enf_operators',
        'person_id',
      )
      const models = new BatchRows<{ model_key: string; facts: Stored<ApplianceCertificateFact>[] }>(
        'enf_appliance_models',
        'model_key',
      )
      const cylinderKeys: string[] = []
      const operatorKeys: string[] = []
      const modelKeys: string[] = []
      for (const { event } of parsed) {
        const d = event.data as Record<string, unknown>
        if (event.type.startsWith('Cylinder')) cylinderKeys.push(d['cylinderCode'] as string)
        if (event.type.startsWith('Operator')) operatorKeys.push(d['personId'] as string)
        if (event.type === 'CylinderFilled') operatorKeys.push(d['operatorId'] as string)
        if (event.type === 'OperationFoundPerformed') operatorKeys.push(d['operatorPersonId'] as string)
        if (event.type.startsWith('Appliance'))
          modelKeys.push(modelKey(d['manufacturerId'] as string, d['modelNo'] as string))
      }
      await cylinders.load(tx, cylinderKeys)
      await operators.load(tx, operatorKeys)
      await models.load(tx, modelKeys)
      // Open non-compliant-fill violations of the batch's cylinders: a late fact may cure them.
      const openFills = new Map<string, { id: string; subReason: string; station: string; day: string }[]>()
      if (cylinderKeys.length > 0) {
        const { rows } = await tx.query<{
          id: string
          sub_reason: string
          organisation_id: string
          occurred_on: string
          cure_key: string
        }>(
          `SELECT id, sub_reason, organisation_id, occurred_on, cure_key FROM enf_violations
           WHERE status = 'open' AND cure_key IN (SELECT 'cylinder:' || jsonb_array_elements_text($1::jsonb))`,
          [JSON.stringify([...new Set(cylinderKeys)])],
        )
        for (const r of rows) {
          const code = r.cure_key.slice('cylinder:'.length)
          openFills.set(code, [
            ...(openFills.get(code) ?? []),
            { id: r.id, subReason: r.sub_reason, station: r.organisation_id, day: r.occurred_on },
          ])
        }
      }
      const curedInDb = new Map<string, { by: RecordedEvent; ids: string[] }>()

      const pending = new Map<string, ViolationRow>()
      const record = (
        finding: ViolationFinding,
        trigger: RecordedEvent,
        refs: Map<string, EvidenceRef>,
        cureKey?: string,
      ) => {
        const id = violationId(finding)
        if (pending.has(id)) return
        const occurredAt = toInstant(finding.occurredAt)
        pending.set(id, {
          id,
          category: finding.category,
          sub_reason: finding.subReason,
          subject_kind: finding.subjectKind,
          subject_id: finding.subjectId,
          organisation_id: finding.organisationId,
          region: finding.region,
          occurred_at: occurredAt,
          occurred_on: chinaDate(occurredAt),
          detected_at: trigger.recordedAt.toISOString(),
          evidence: finding.evidence.map(
            (eventId) => refs.get(eventId) ?? { eventId, streamName: '', revision: -1, type: '' },
          ),
          details: { ...finding.details },
          status: 'open',
          cure_key: cureKey ?? null,
          resolved_by_event_id: null,
          resolved_at: null,
        })
      }
      const refsOf = (trigger: RecordedEvent, ...facts: readonly { ref: EvidenceRef }[][]) => {
        const refs = new Map<string, EvidenceRef>([[trigger.id, eventRef(trigger)]])
        for (const list of facts) for (const f of list) refs.set(f.ref.eventId, f.ref)
        return refs
      }
      const cure = async (cureKey: string, by: RecordedEvent, matches: (row: ViolationRow) => boolean = () => true) => {
        for (const row of pending.values())
          if (row.cure_key === cureKey && row.status === 'open' && matches(row)) {
            row.status = 'resolved'
            row.resolved_by_event_id = by.id
            row.resolved_at = by.recordedAt.toISOString()
          }
        await tx.query(
          `UPDATE enf_violations SET status = 'resolved', resolved_by_event_id = $2, resolved_at = $3
           WHERE cure_key = $1 AND status = 'open'`,
          [cureKey, by.id, by.recordedAt],
        )
      }
      /**
       * A cylinder fact recorded after a fill but in effect on its day (a registration or an
       * inspection entered late, an entrustment back-dated) cures the reasons it disproves.
       * Late facts only cure: a new reason would need the past fills re-read (not done).
       */
      const recheckCylinder = (code: string, by: RecordedEvent) => {
        const facts = cylinders.get(code)?.facts.facts ?? []
        const stillApplies = (subReason: string, station: string, day: string) =>
          judgeCylinderFill(
            {
              eventId: '',
              fillId: '',
              cylinderCode: code,
              stationId: station,
              region: '',
              operatorPersonId: '',
              filledAt: day,
              day,
              preFillItems: [],
              postFillItems: [],
            },
            cylinderStateAt(facts, day),
          ).some((f) => f.subReason === subReason)
        for (const row of pending.values())
          if (
            row.cure_key === `cylinder:${code}` &&
            row.status === 'open' &&
            !stillApplies(row.sub_reason, row.organisation_id, row.occurred_on)
          ) {
            row.status = 'resolved'
            row.resolved_by_event_id = by.id
            row.resolved_at = by.recordedAt.toISOString()
          }
        const open = openFills.get(code)
        if (!open) return
        const remaining = open.filter((v) => stillApplies(v.subReason, v.station, v.day))
        const cured = open.filter((v) => !remaining.includes(v)).map((v) => v.id)
        openFills.set(code, remaining)
        if (cured.length > 0) {
          const entry = curedInDb.get(by.id) ?? { by, ids: [] }
          entry.ids.push(...cured)
          curedInDb.set(by.id, entry)
        }
      }
      const judgeWork = (trigger: RecordedEvent, work: Parameters<typeof judgeOperatorWork>[0]) => {
        const certificates = operators.get(work.operatorPersonId)?.facts ?? []
        const refs = refsOf(trigger, certificates)
        for (const finding of judgeOperatorWork(work, certificates))
          record(finding, trigger, refs, `operator:${work.operatorPersonId}`)
      }
      /**
       * A certificate recorded after the work but valid on its day (entered late, renewed or
       * reinstated with effect back then) cures the open violations it now covers.
       */
      const recheckOperator = async (person: string, by: RecordedEvent) => {
        const facts = operators.get(person)?.facts ?? []
        const cureKey = `operator:${person}`
        const validThen = (workCategory: unknown, day: string) =>
          typeof workCategory === 'string' && operatorCertificateStatusOn(facts, workCategory, day).status === 'valid'
        for (const row of pending.values())
          if (
            row.cure_key === cureKey &&
            row.status === 'open' &&
            validThen(row.details['workCategory'], row.occurred_on)
          ) {
            row.status = 'resolved'
            row.resolved_by_event_id = by.id
            row.resolved_at = by.recordedAt.toISOString()
          }
        const { rows } = await tx.query<{ id: string; occurred_on: string; work_category: string | null }>(
          `SELECT id, occurred_on, details->>'workCategory' AS work_category FROM enf_violations
           WHERE cure_key = $1 AND status = 'open'`,
          [cureKey],
        )
        const cured = rows.filter((r) => validThen(r.work_category, r.occurred_on)).map((r) => r.id)
        if (cured.length > 0)
          await tx.query(
            `UPDATE enf_violations SET status = 'resolved', resolved_by_event_id = $2, resolved_at = $3
             WHERE id IN (SELECT jsonb_array_elements_text($1::jsonb)) AND status = 'open'`,
            [JSON.stringify(cured), by.id, by.recordedAt],
          )
      }

      for (const { recorded, event } of parsed) {
        const ref = eventRef(recorded)
        const base = { eventId: recorded.id, ref }
        switch (event.type) {
          case 'EquipmentRegistered': {
            const d = event.data
            await tx.query(
              `INSERT INTO enf_registrations (registration_code, event_id, stream_name, revision, registered_on, organisation_id)
               VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (registration_code) DO NOTHING`,
              [
                d.registrationCode,
                recorded.id,
                recorded.streamName,
                recorded.revision,
                d.registeredOn,
                d.organisationId,
              ],
            )
            await cure(`registration:${d.registrationCode}`, recorded)
            break
          }
          case 'EquipmentTransferred':
            await tx.query('UPDATE enf_registrations SET organisation_id = $2 WHERE registration_code = $1', [
              event.data.registrationCode,
              event.data.toOrganisationId,
            ])
            break
          case 'EquipmentCancelled':
            await tx.query(
              'UPDATE enf_registrations SET cancelled_on = $2 WHERE registration_code = $1 AND cancelled_on IS NULL',
              [event.data.registrationCode, event.data.cancelledOn],
            )
            break
          case 'EquipmentFoundInUse': {
            const d = event.data
            const { rows } = d.registrationCode
              ? await tx.query<{
                  event_id: string
                  stream_name: string
                  revision: number
                  registered_on: string
                  organisation_id: string
                  cancelled_on: string | null
                }>('SELECT * FROM enf_registrations WHERE registration_code = $1', [d.registrationCode])
              : { rows: [] }
            const reg = rows[0]
            const refs = refsOf(recorded)
            if (reg)
              refs.set(reg.event_id, {
                eventId: reg.event_id,
                streamName: reg.stream_name,
                revision: reg.revision,
                type: 'EquipmentRegistered',
              })
            const findings = judgeEquipmentFoundInUse(
              {
                eventId: recorded.id,
                findingId: d.findingId,
                foundOn: d.foundOn,
                region: d.region,
                category: d.category,
                ...(d.registrationCode ? { registrationCode: d.registrationCode } : {}),
                ...(d.usingOrganisationId ? { usingOrganisationId: d.usingOrganisationId } : {}),
              },
              reg && {
                eventId: reg.event_id,
                registeredOn: reg.registered_on,
                organisationId: reg.organisation_id,
                ...(reg.cancelled_on ? { cancelledOn: reg.cancelled_on } : {}),
              },
            )
            // Only a registration not yet in the log can cure it (the code was unknown).
            const curable = d.registrationCode && !reg ? `registration:${d.registrationCode}` : undefined
            for (const f of findings) record(f, recorded, refs, curable)
            break
          }
          case 'OperationFoundPerformed': {
            const d = event.data
            judgeWork(recorded, {
              eventId: recorded.id,
              subjectKind: 'finding',
              subjectId: d.findingId,
              operatorPersonId: d.operatorPersonId,
              workCategory: d.workCategory,
              day: chinaDate(d.performedAt),
              occurredAt: d.performedAt,
              organisationId: d.organisationId,
              region: d.region,
            })
            break
          }
          case 'InspectionOverdue': {
            const d = event.data
            const cureKey = `inspection:${d.subjectKind}:${d.subjectId}`
            for (const f of judgeInspectionOverdue({ eventId: recorded.id, ...d })) {
              if (pending.has(violationId(f))) continue
              // Re-raised for a due date already recorded (or already cured): not a new violation.
              const { rows } = await tx.query('SELECT 1 FROM enf_violations WHERE id = $1', [violationId(f)])
              if (rows.length === 0) record(f, recorded, refsOf(recorded), cureKey)
            }
            break
          }
          case 'InspectionResultRecorded': {
            const d = event.data
            if (d.subjectKind === 'cylinder') break
            const probe = {
              eventId: '',
              subjectKind: d.subjectKind,
              subjectId: d.subjectId,
              organisationId: '',
              region: '',
              dueDate: '',
              overdueSince: '',
            }
            if (inspectionCuresOverdue({ eventId: recorded.id, ...d }, probe))
              await cure(`inspection:${d.subjectKind}:${d.subjectId}`, recorded)
            break
          }
          case 'CylinderRegistered':
          case 'CylinderEntrusted':
          case 'CylinderEntrustmentEnded':
          case 'CylinderInspected':
          case 'CylinderScrapped': {
            const code = event.data.cylinderCode
            const row = cylinders.get(code)?.facts ?? { facts: [] }
            const fact = cylinderFact(event, base, recorded)
            if (event.type === 'CylinderRegistered') row.type = event.data.cylinderType
            cylinders.set(code, { cylinder_code: code, facts: { ...row, facts: [...row.facts, fact] } })
            recheckCylinder(code, recorded)
            break
          }
          case 'OperatorCertificateIssued':
          case 'OperatorCertificateRenewed':
          case 'OperatorCertificateSuspended':
          case 'OperatorCertificateReinstated':
          case 'OperatorCertificateRevoked': {
            const person = event.data.personId
            operators.set(person, {
              person_id: person,
              facts: [
                ...(operators.get(person)?.facts ?? []),
                { ...operatorCertificateFact(event, base.eventId), ref: base.ref },
              ],
            })
            if (event.type !== 'OperatorCertificateSuspended' && event.type !== 'OperatorCertificateRevoked')
              await recheckOperator(person, recorded)
            break
          }
          case 'ApplianceCertificateIssued':
          case 'ApplianceCertificationFailed':
          case 'ApplianceCertificateReinstated': {
            const key = modelKey(event.data.manufacturerId, event.data.modelNo)
            models.set(key, { model_key: key, facts: [...(models.get(key)?.facts ?? []), applianceFact(event, base)] })
            break
          }
          case 'ApplianceProductionRecorded':
          case 'ApplianceSaleRecorded': {
            const d = event.data
            const sale = event.type === 'ApplianceSaleRecorded'
            const certificates = models.get(modelKey(d.manufacturerId, d.modelNo))?.facts ?? []
            const day = sale ? event.data.soldOn : event.data.producedOn
            const findings = judgeApplianceRecord(
              {
                eventId: recorded.id,
                kind: sale ? 'sale' : 'production',
                recordId: d.recordId,
                category: d.category,
                manufacturerId: d.manufacturerId,
                modelNo: d.modelNo,
                organisationId: sale ? event.data.sellerId : d.manufacturerId,
                region: d.regionCode,
                day,
                quantity: d.quantity,
              },
              certificates,
              cccRequirementRules.inForceOn(day)?.rules,
            )
            const refs = refsOf(recorded, certificates)
            for (const f of findings) record(f, recorded, refs)
            break
          }
          case 'CylinderFilled': {
            const d = event.data
            const day = chinaDate(d.filledAt)
            const answered = (answers: readonly { item: string; answer: string }[]) =>
              answers.filter((a) => a.answer !== 'not_applicable').map((a) => a.item)
            const fill: FillFact = {
              eventId: recorded.id,
              fillId: d.fillId,
              cylinderCode: d.cylinderCode,
              stationId: d.stationId,
              region: d.regionCode,
              operatorPersonId: d.operatorId,
              filledAt: d.filledAt,
              day,
              preFillItems: answered(d.preFillChecks),
              postFillItems: answered(d.postFillChecks),
            }
            const cylinder = cylinders.get(d.cylinderCode)?.facts
            const facts = cylinder?.facts ?? []
            const refs = refsOf(recorded, facts)
            for (const f of judgeCylinderFill(fill, cylinderStateAt(facts, day)))
              record(f, recorded, refs, `cylinder:${d.cylinderCode}`)
            for (const f of judgeFillChecks(fill, requiredFillChecks(cylinder?.type, day))) record(f, recorded, refs)
            judgeWork(recorded, {
              eventId: recorded.id,
              subjectKind: 'fill',
              subjectId: d.fillId,
              operatorPersonId: d.operatorId,
              workCategory: 'P',
              day,
              occurredAt: d.filledAt,
              organisationId: d.stationId,
              region: d.regionCode,
            })
            break
          }
          default:
            break
        }
      }
      await cylinders.flush(tx)
      await operators.flush(tx)
      await models.flush(tx)
      await insertViolations(tx, [...pending.values()])
      for (const { by, ids } of curedInDb.values())
        await tx.query(
          `UPDATE enf_violations SET status = 'resolved', resolved_by_event_id = $2, resolved_at = $3
           WHERE id IN (SELECT jsonb_array_elements_text($1::jsonb)) AND status = 'open'`,
          [JSON.stringify(ids), by.id, by.recordedAt],
        )
    },
  }
}

async function insertViolations(tx: SqlExecutor, rows: ViolationRow[]): Promise<void> {
  // Large batches are split so one statement's JSON parameter stays moderate.
  for (let i = 0; i < rows.length; i += 2000) {
    await tx.query(
      `INSERT INTO enf_violations
       SELECT * FROM jsonb_populate_recordset(NULL::enf_violations, $1::jsonb)
       ON CONFLICT (id) DO NOTHING`,
      [JSON.stringify(rows.slice(i, i + 2000))],
    )
  }
}

type Base = { eventId: string; ref: EvidenceRef }

/**
 * An entrustment counts from the day it was recorded at the earliest (its occurredAt, else its
 * recording time): one dated back never makes an earlier fill lawful. The decider refuses
 * back-dated ones now; the log may hold some a station recorded for itself before.
 */
function entrustmentStart(entrustedFrom: string, recorded: RecordedEvent): string {
  const occurredAt = recorded.metadata.occurredAt
  const recordedOn = chinaDate(occurredAt !== undefined ? new Date(occurredAt) : recorded.recordedAt)
  return entrustedFrom > recordedOn ? entrustedFrom : recordedOn
}

function cylinderFact(
  event: Extract<CylinderEvent, { type: `Cylinder${string}` }>,
  base: Base,
  recorded: RecordedEvent,
): Stored<CylinderFact> {
  switch (event.type) {
    case 'CylinderRegistered':
      return {
        ...base,
        kind: 'registered',
        on: event.data.registeredOn,
        ownerOrganisationId: event.data.ownerOrganisationId,
        refurbished: event.data.refurbished,
        nextInspectionDate: event.data.nextInspectionDate,
        designLifeEndDate: event.data.designLifeEndDate,
      }
    case 'CylinderEntrusted':
      return {
        ...base,
        kind: 'entrusted',
        stationId: event.data.stationId,
        from: entrustmentStart(event.data.entrustedFrom, recorded),
        ...(event.data.entrustedUntil ? { until: event.data.entrustedUntil } : {}),
      }
    case 'CylinderEntrustmentEnded':
      return { ...base, kind: 'entrustment_ended', stationId: event.data.stationId, on: event.data.endedOn }
    case 'CylinderInspected':
      return {
        ...base,
        kind: 'inspected',
        on: event.data.inspectionDate,
        result: event.data.result,
        ...(event.data.nextInspectionDate ? { nextInspectionDate: event.data.nextInspectionDate } : {}),
      }
    case 'CylinderScrapped':
      return { ...base, kind: 'scrapped', on: event.data.scrappedOn }
    default:
      throw new Error(`not a cylinder register event: ${event.type}`)
  }
}

function applianceFact(
  event: Extract<
    CylinderEvent,
    { type: 'ApplianceCertificateIssued' | 'ApplianceCertificationFailed' | 'ApplianceCertificateReinstated' }
  >,
  base: Base,
): Stored<ApplianceCertificateFact> {
  switch (event.type) {
    case 'ApplianceCertificateIssued':
      return {
        ...base,
        kind: 'issued',
        certificateNo: event.data.certificateNo,
        manufacturerId: event.data.manufacturerId,
        modelNo: event.data.modelNo,
        validFrom: event.data.validFrom,
        validUntil: event.data.validUntil,
      }
    case 'ApplianceCertificationFailed':
      return {
        ...base,
        kind: 'failed',
        certificateNo: event.data.certificateNo,
        failure: event.data.failure,
        effectiveFrom: event.data.effectiveFrom,
      }
    case 'ApplianceCertificateReinstated':
      return {
        ...base,
        kind: 'reinstated',
        certificateNo: event.data.certificateNo,
        effectiveFrom: event.data.effectiveFrom,
      }
  }
}
