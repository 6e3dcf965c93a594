import type { RecordedEvent } from '@gsr/event-store'
import { chinaDate } from '@gsr/domain'
import { cylinderStateAt, judgeCylinderFill, type CylinderFact, type FillFact } from '@gsr/domain/enforcement'
import type { CylinderEvent, CylinderType } from '@gsr/events/cylinders'
import { eventRef } from '../eventRef.ts'
import type { BatchEvent, Facts, Practice, Stored } from './Practice.ts'

/** A cylinder's type and its dated register facts (`enf_cylinders`). */
export interface CylinderFacts {
  type?: CylinderType
  facts: Stored<CylinderFact>[]
}

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

function cylinderFact(event: CylinderEvent, recorded: RecordedEvent): Stored<CylinderFact> {
  const base = { eventId: recorded.id, ref: eventRef(recorded) }
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
        ...(event.data.designLifeEndDate ? { designLifeEndDate: event.data.designLifeEndDate } : {}),
      }
    case 'CylinderScrapped':
      return { ...base, kind: 'scrapped', on: event.data.scrappedOn }
    case 'CylinderMarkedRefurbished':
      return { ...base, kind: 'marked_refurbished', on: event.data.markedOn }
    default:
      throw new Error(`not a cylinder register event: ${event.type}`)
  }
}

export const cylinderFacts: Facts<CylinderFacts> = {
  table: 'enf_cylinders',
  key: 'cylinder_code',
  eventTypes: [
    'CylinderRegistered',
    'CylinderEntrusted',
    'CylinderEntrustmentEnded',
    'CylinderInspected',
    'CylinderScrapped',
    'CylinderMarkedRefurbished',
  ],
  keyOf: (event) => (event.data as { cylinderCode: string }).cylinderCode,
  evolve(current, { recorded, event }: BatchEvent) {
    const row = current ?? { facts: [] }
    const fact = cylinderFact(event as CylinderEvent, recorded)
    return {
      ...row,
      ...(event.type === 'CylinderRegistered' ? { type: event.data.cylinderType } : {}),
      facts: [...row.facts, fact],
    }
  },
}

/** A fill as the judges read it: the items answered (not `not_applicable`) of each check. */
export function fillFact(recorded: RecordedEvent, event: Extract<CylinderEvent, { type: 'CylinderFilled' }>): FillFact {
  const d = event.data
  const answered = (answers: readonly { item: string; answer: string }[]) =>
    answers.filter((a) => a.answer !== 'not_applicable').map((a) => a.item)
  return {
    eventId: recorded.id,
    fillId: d.fillId,
    cylinderCode: d.cylinderCode,
    stationId: d.stationId,
    region: d.regionCode,
    operatorPersonId: d.operatorId,
    filledAt: d.filledAt,
    day: chinaDate(d.filledAt),
    preFillItems: answered(d.preFillChecks),
    postFillItems: answered(d.postFillChecks),
  }
}

const fillFacts = new WeakMap<BatchEvent, FillFact>()

/** The fill fact of a fill event, built once: several practices judge each fill. */
export function fillFactOf(batchEvent: BatchEvent): FillFact {
  let fill = fillFacts.get(batchEvent)
  if (fill === undefined) {
    const { recorded, event } = batchEvent
    if (event.type !== 'CylinderFilled') throw new Error(`not a fill: ${event.type}`)
    fill = fillFact(recorded, event)
    fillFacts.set(batchEvent, fill)
  }
  return fill
}

/** Whether the reason still applies to a fill at that station on that day, on these facts. */
function stillApplies(code: string, facts: readonly CylinderFact[], subReason: string, station: string, day: string) {
  const probe: FillFact = {
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
  }
  return judgeCylinderFill(probe, cylinderStateAt(facts, day)).some((f) => f.subReason === subReason)
}

interface OpenFill {
  id: string
  subReason: string
  station: string
  day: string
}

/**
 * 3 Non-compliant cylinder filled (充装不合格气瓶), one violation per reason, on the cylinder's
 * state on the fill day. Facts: cylinderFacts. Judge: judgeCylinderFill over cylinderStateAt.
 * Cure: a cylinder fact recorded after the fill but in effect on its day (a registration or an
 * inspection entered late, an entrustment back-dated) cures the reasons it disproves. Late facts
 * only cure: a new reason would need the past fills re-read (not done).
 */
export const cylinderFill: Practice = {
  name: 'noncompliant_cylinder_filled',
  eventTypes: ['CylinderFilled', ...cylinderFacts.eventTypes],
  reads: [
    { facts: cylinderFacts, keyOf: (event) => (event.type === 'CylinderFilled' ? event.data.cylinderCode : undefined) },
  ],
  // A late fact may cure the open violations of its cylinder recorded before the batch.
  cureKeysOf: (event) =>
    cylinderFacts.eventTypes.includes(event.type) ? [`cylinder:${cylinderFacts.keyOf(event)}`] : [],
  begin(batch) {
    const openFills = new Map<string, OpenFill[]>()
    for (const { event } of batch.events) {
      if (!cylinderFacts.eventTypes.includes(event.type)) continue
      const code = cylinderFacts.keyOf(event)
      openFills.set(
        code,
        batch.openRecorded(`cylinder:${code}`).map((r) => ({
          id: r.id,
          subReason: r.sub_reason,
          station: r.organisation_id,
          day: r.occurred_on,
        })),
      )
    }
    const curedRecorded = new Map<string, { by: RecordedEvent; ids: string[] }>()
    return {
      apply(batchEvent) {
        const { recorded, event } = batchEvent
        if (event.type === 'CylinderFilled') {
          const fill = fillFactOf(batchEvent)
          const facts = batch.facts(cylinderFacts, fill.cylinderCode)?.facts ?? []
          const findings = judgeCylinderFill(fill, cylinderStateAt(facts, fill.day))
          if (findings.length === 0) return
          const refs = batch.refsOf(recorded, facts)
          for (const f of findings) batch.record(f, recorded, refs, `cylinder:${fill.cylinderCode}`)
          return
        }
        const code = cylinderFacts.keyOf(event)
        const facts = batch.facts(cylinderFacts, code)?.facts ?? []
        batch.cureFound(
          `cylinder:${code}`,
          recorded,
          (row) => !stillApplies(code, facts, row.sub_reason, row.organisation_id, row.occurred_on),
        )
        const open = openFills.get(code)
        if (!open) return
        const remaining = open.filter((v) => stillApplies(code, facts, v.subReason, v.station, v.day))
        openFills.set(code, remaining)
        const cured = open.filter((v) => !remaining.includes(v)).map((v) => v.id)
        if (cured.length > 0) {
          const entry = curedRecorded.get(recorded.id) ?? { by: recorded, ids: [] }
          entry.ids.push(...cured)
          curedRecorded.set(recorded.id, entry)
        }
      },
      async end() {
        for (const { by, ids } of curedRecorded.values()) await batch.resolve(ids, by)
      },
    }
  },
}
