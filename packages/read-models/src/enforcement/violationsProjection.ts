import type { SqlExecutor } from '@gsr/db'
import type { RecordedEvent } from '@gsr/event-store'
import { chinaDate } from '@gsr/domain'
import { violationId } from '@gsr/domain/enforcement'
import { parseCylinderEvent } from '@gsr/events/cylinders'
import { parseEquipmentEvent } from '@gsr/events/equipment'
import type { Projection } from '@gsr/projections'
import { appendRows, BatchRows } from '../BatchRows.ts'
import type { EvidenceRef } from './EnforcementTables.ts'
import { dayStart, eventRef } from './eventRef.ts'
import { practices } from './practices/index.ts'
import type {
  BatchEvent,
  CatalogueEventType,
  Facts,
  Practice,
  PracticeRun,
  RegistrationRow,
  ViolationBatch,
  ViolationRow,
} from './practices/Practice.ts'
import { violationsMigrations, violationsTables } from './violationsMigrations.ts'

export const violationsProjectionName = 'enforcement_violations'

/**
 * Upcast and validate through the catalogues. An event its catalogue rejects proves nothing,
 * but it is not skipped silently: the throw makes the runner quarantine it (listed, counted,
 * /ready not ready) while enforcement goes on with the events after it.
 */
function parse(recorded: RecordedEvent): BatchEvent {
  try {
    const equipment = parseEquipmentEvent(recorded)
    if (equipment) return { recorded, event: equipment }
    const cylinder = parseCylinderEvent(recorded)
    if (cylinder) return { recorded, event: cylinder }
    throw new Error('no catalogue defines it')
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    throw new Error(`${recorded.type} ${recorded.id} does not match its catalogue schema: ${reason}`, { cause: error })
  }
}

/** Instants stay instants; field days become the start of that day in China time. */
const toInstant = (at: string) => (at.length === 10 ? dayStart(at) : at)

/** What resolves a violation: the curing event, when it was logged, and its day in the field. */
function resolutionBy(by: RecordedEvent) {
  return {
    eventId: by.id,
    eventType: by.type,
    at: by.recordedAt.toISOString(),
    on: chinaDate(by.metadata.occurredAt !== undefined ? new Date(by.metadata.occurredAt) : by.recordedAt),
  }
}

const resolveSql = `status = 'resolved', resolved_by_event_id = $2, resolved_by_event_type = $3, resolved_at = $4, resolved_on = $5`
const resolveParams = (by: RecordedEvent) => {
  const r = resolutionBy(by)
  return [r.eventId, r.eventType, r.at, r.on]
}

/** The recorded open violations of each cure key resolved by its curing event: one statement per batch. */
async function cureRecorded(tx: SqlExecutor, cures: ReadonlyMap<string, RecordedEvent>): Promise<void> {
  if (cures.size === 0) return
  const rows = [...cures].map(([cureKey, by]) => {
    const r = resolutionBy(by)
    return { cure_key: cureKey, event_id: r.eventId, event_type: r.eventType, at: r.at, on: r.on }
  })
  await tx.query(
    `UPDATE enf_violations v SET status = 'resolved', resolved_by_event_id = c.event_id,
       resolved_by_event_type = c.event_type, resolved_at = c.at, resolved_on = c.on
     FROM jsonb_to_recordset($1::jsonb) AS c(cure_key text, event_id text, event_type text, at timestamptz, "on" text)
     WHERE v.cure_key = c.cure_key AND v.status = 'open'`,
    [JSON.stringify(rows)],
  )
}

/** The registration codes the batch's events name (registered, transferred, cancelled, found, linked). */
function registrationCodes(events: readonly BatchEvent[]): Set<string> {
  const codes = new Set<string>()
  for (const { event } of events) {
    const code = (event.data as { registrationCode?: unknown }).registrationCode
    if (typeof code === 'string') codes.add(code)
  }
  return codes
}

const addTo = (set: Set<string> | undefined, key: string) => (set ?? new Set<string>()).add(key)

/** Every fact kind the practices keep or read, once each. */
const factKinds: readonly Facts<unknown>[] = [...new Set(practices.flatMap((p) => (p.reads ?? []).map((r) => r.facts)))]

/** The catalogue events the projection reads: those of the practices and of the facts they keep. */
export const violationEventTypes: readonly CatalogueEventType[] = [
  ...new Set([...practices.flatMap((p) => p.eventTypes), ...factKinds.flatMap((f) => f.eventTypes)]),
]

const practicesByType = new Map<string, Practice[]>()
for (const practice of practices)
  for (const type of practice.eventTypes) practicesByType.set(type, [...(practicesByType.get(type) ?? []), practice])
const factsByType = new Map<string, Facts<unknown>[]>()
for (const facts of factKinds)
  for (const type of facts.eventTypes) factsByType.set(type, [...(factsByType.get(type) ?? []), facts])

/** A row of a fact table: its key column and `facts`. */
type FactsRow = Record<string, unknown>

/**
 * The "five strict crackdowns" as a projection: a dispatcher over the practices
 * (practices/index.ts). Each violation once (deterministic id), with the events that prove it;
 * cures mark it resolved with the curing event and its field day, never delete it. Judged on the
 * facts as the log showed them when the triggering event was processed, on the act's field day.
 */
export function violationsProjection(): Projection {
  return {
    name: violationsProjectionName,
    // 2: operator certificates judged by the one status (a reinstatement ends a suspension from its day).
    // 3: resolutions carry the curing event's type and field day; ids are URL-safe.
    // 4: 1a cured by the nameplate's identity or a team's link; a late registration is a resolved 1a.
    // 5: 4 a pre-fill check allowing a fill without naming the operator.
    // 6: one 1a per equipment and unregistered period: a late registration that cures a finding records none of its own.
    // 7: an entrustment ended before its first day is never in force (a984242).
    // 8: a suspension or revocation of one certificate binds the person under every other (2 found, cured less).
    version: 8,
    migrations: violationsMigrations,
    eventTypes: violationEventTypes,
    async reset(tx) {
      for (const table of violationsTables) await tx.query(`DELETE FROM ${table}`)
    },
    async apply(events, tx) {
      const batchEvents = events.map(parse)
      // What the batch needs from before it, in one statement: the facts of its subjects, the
      // registrations its events name, the open violations of the cure keys its practices read.
      const rows = new Map<Facts<unknown>, BatchRows<FactsRow>>()
      const keysOf = new Map<Facts<unknown>, Set<string>>()
      const cureKeys = new Set<string>()
      for (const { event } of batchEvents) {
        for (const facts of factsByType.get(event.type) ?? [])
          keysOf.set(facts, addTo(keysOf.get(facts), facts.keyOf(event)))
        for (const practice of practicesByType.get(event.type) ?? []) {
          for (const read of practice.reads ?? []) {
            const key = read.keyOf(event)
            if (key !== undefined) keysOf.set(read.facts, addTo(keysOf.get(read.facts), key))
          }
          for (const key of practice.cureKeysOf?.(event) ?? []) cureKeys.add(key)
        }
      }
      for (const facts of keysOf.keys()) rows.set(facts, new BatchRows<FactsRow>(facts.table, facts.key))
      const registrations = new BatchRows<RegistrationRow>('enf_registrations', 'registration_code')
      const recordedViolations = new BatchRows<ViolationRow>('enf_violations', 'id')
      await BatchRows.loadTogether(tx, [
        ...[...keysOf].map(([facts, keys]) => ({ rows: rows.get(facts)!, values: keys })),
        { rows: registrations, values: registrationCodes(batchEvents) },
        { rows: recordedViolations, values: cureKeys, column: 'cure_key' },
      ])
      const openRecorded = new Map<string, ViolationRow[]>()
      for (const row of recordedViolations.values())
        if (row.status === 'open' && row.cure_key !== null)
          openRecorded.set(row.cure_key, [...(openRecorded.get(row.cure_key) ?? []), row])

      /** Cure keys cured by an event of the batch, with the first such event: written after the events. */
      const cures = new Map<string, RecordedEvent>()

      const found = new Map<string, ViolationRow>()
      const resolveFound = (row: ViolationRow, by: RecordedEvent) => {
        const r = resolutionBy(by)
        row.status = 'resolved'
        row.resolved_by_event_id = r.eventId
        row.resolved_by_event_type = r.eventType
        row.resolved_at = r.at
        row.resolved_on = r.on
      }
      const batch: ViolationBatch = {
        tx,
        events: batchEvents,
        registrations,
        facts: <F>(facts: Facts<F>, key: string) =>
          rows.get(facts as unknown as Facts<unknown>)?.get(key)?.['facts'] as F | undefined,
        refsOf(trigger, ...facts) {
          const refs = new Map<string, EvidenceRef>([[trigger.id, eventRef(trigger)]])
          for (const list of facts) for (const f of list) refs.set(f.ref.eventId, f.ref)
          return refs
        },
        record(finding, trigger, refs, cureKey) {
          const id = violationId(finding)
          if (found.has(id)) return
          const occurredAt = toInstant(finding.occurredAt)
          found.set(id, {
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
            resolved_by_event_type: null,
            resolved_at: null,
            resolved_on: null,
          })
        },
        found: (id) => found.has(id),
        openRecorded: (cureKey) => openRecorded.get(cureKey) ?? [],
        async awaitsCure(cureKey) {
          for (const row of found.values()) if (row.cure_key === cureKey && row.status === 'open') return true
          if (cures.has(cureKey)) return false // those recorded are cured by this batch
          if (cureKeys.has(cureKey)) return openRecorded.has(cureKey)
          const { rows } = await tx.query(
            `SELECT 1 FROM enf_violations WHERE cure_key = $1 AND status = 'open' LIMIT 1`,
            [cureKey],
          )
          return rows.length > 0
        },
        async exists(id) {
          if (found.has(id)) return true
          return (await tx.query('SELECT 1 FROM enf_violations WHERE id = $1', [id])).rows.length > 0
        },
        cure(cureKey, by) {
          for (const row of found.values()) if (row.cure_key === cureKey && row.status === 'open') resolveFound(row, by)
          if (!cures.has(cureKey)) cures.set(cureKey, by)
        },
        cureFound(cureKey, by, cured) {
          for (const row of found.values())
            if (row.cure_key === cureKey && row.status === 'open' && cured(row)) resolveFound(row, by)
        },
        async resolve(ids, by) {
          if (ids.length === 0) return
          await tx.query(
            `UPDATE enf_violations SET ${resolveSql}
             WHERE id IN (SELECT jsonb_array_elements_text($1::jsonb)) AND status = 'open'`,
            [JSON.stringify(ids), ...resolveParams(by)],
          )
        },
      }

      const runs = new Map<Practice, PracticeRun>()
      for (const practice of practices) runs.set(practice, await practice.begin(batch))
      for (const batchEvent of batchEvents) {
        const { event } = batchEvent
        for (const facts of factsByType.get(event.type) ?? []) {
          const table = rows.get(facts)!
          const key = facts.keyOf(event)
          table.set(key, { [facts.key]: key, facts: facts.evolve(table.get(key)?.['facts'], batchEvent) })
        }
        for (const practice of practicesByType.get(event.type) ?? []) {
          const applied = runs.get(practice)!.apply(batchEvent)
          if (applied) await applied // most practices judge in memory: no await per event
        }
      }
      for (const table of rows.values()) await table.flush(tx)
      await registrations.flush(tx)
      // Before the batch's own violations are written: a cure applies to those recorded before.
      await cureRecorded(tx, cures)
      await appendRows(tx, 'enf_violations', [...found.values()])
      for (const run of runs.values()) await run.end?.()
    },
  }
}
