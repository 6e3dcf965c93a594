import type { RecordedEvent } from '@gsr/event-store'
import { chinaDate } from '@gsr/domain'
import {
  operatorCertificateFact,
  operatorCertificateStatusOn,
  type OperatorCertificateFact,
} from '@gsr/domain/cylinders'
import { judgeOperatorWork } from '@gsr/domain/enforcement'
import { eventRef } from '../eventRef.ts'
import { fillFactOf } from './cylinderFill.ts'
import type { BatchEvent, Facts, Practice, Stored, ViolationBatch } from './Practice.ts'

/** Every certificate event of a person, in log order (`enf_operators`). */
export const operatorCertificates: Facts<Stored<OperatorCertificateFact>[]> = {
  table: 'enf_operators',
  key: 'person_id',
  eventTypes: [
    'OperatorCertificateIssued',
    'OperatorCertificateRenewed',
    'OperatorCertificateSuspended',
    'OperatorCertificateReinstated',
    'OperatorCertificateRevoked',
  ],
  keyOf: (event) => (event.data as { personId: string }).personId,
  evolve(facts, { recorded, event }) {
    if (!event.type.startsWith('OperatorCertificate')) return facts ?? []
    const fact = operatorCertificateFact(event as Parameters<typeof operatorCertificateFact>[0], recorded.id)
    return [...(facts ?? []), { ...fact, ref: eventRef(recorded) }]
  },
}

/** A certificate that may make earlier work lawful: not a suspension or a revocation. */
const mayCure = (type: string) =>
  type === 'OperatorCertificateIssued' ||
  type === 'OperatorCertificateRenewed' ||
  type === 'OperatorCertificateReinstated'

function workOf(batchEvent: BatchEvent): Parameters<typeof judgeOperatorWork>[0] | undefined {
  const { recorded, event } = batchEvent
  if (event.type === 'OperationFoundPerformed') {
    const d = event.data
    return {
      eventId: recorded.id,
      subjectKind: 'finding',
      subjectId: d.findingId,
      operatorPersonId: d.operatorPersonId,
      workCategory: d.workCategory,
      day: chinaDate(d.performedAt),
      occurredAt: d.performedAt,
      organisationId: d.organisationId,
      region: d.region,
    }
  }
  if (event.type === 'CylinderFilled') {
    const d = event.data
    return {
      eventId: recorded.id,
      subjectKind: 'fill',
      subjectId: d.fillId,
      operatorPersonId: d.operatorId,
      workCategory: 'P',
      day: fillFactOf(batchEvent).day,
      occurredAt: d.filledAt,
      organisationId: d.stationId,
      region: d.regionCode,
    }
  }
  return undefined
}

interface OpenWork {
  id: string
  occurredOn: string
  workCategory: string | null
}

/** The open violations recorded before the batch of the persons whose certificates may cure them. */
function openWorkOf(batch: ViolationBatch): Map<string, OpenWork[]> {
  const open = new Map<string, OpenWork[]>()
  for (const { event } of batch.events) {
    if (!mayCure(event.type)) continue
    const person = operatorCertificates.keyOf(event)
    open.set(
      person,
      batch.openRecorded(`operator:${person}`).map((r) => ({
        id: r.id,
        occurredOn: r.occurred_on,
        workCategory: typeof r.details['workCategory'] === 'string' ? r.details['workCategory'] : null,
      })),
    )
  }
  return open
}

/**
 * 2 Operator without a valid certificate for the work category that day (作业人员无证上岗):
 * fills (category P) and operations found in the field. Facts: operatorCertificates.
 * Judge: judgeOperatorWork. Cure: a certificate recorded later that proves valid on that day.
 */
export const operatorWork: Practice = {
  name: 'operator_uncertified',
  eventTypes: ['OperationFoundPerformed', 'CylinderFilled', ...operatorCertificates.eventTypes],
  reads: [
    {
      facts: operatorCertificates,
      keyOf: (event) =>
        event.type === 'CylinderFilled'
          ? event.data.operatorId
          : event.type === 'OperationFoundPerformed'
            ? event.data.operatorPersonId
            : undefined,
    },
  ],
  cureKeysOf: (event) => (mayCure(event.type) ? [`operator:${operatorCertificates.keyOf(event)}`] : []),
  begin(batch) {
    const open = openWorkOf(batch)
    const cured: { ids: string[]; by: RecordedEvent }[] = []
    return {
      apply(batchEvent) {
        const { recorded, event } = batchEvent
        const work = workOf(batchEvent)
        if (work) {
          const certificates = batch.facts(operatorCertificates, work.operatorPersonId) ?? []
          const findings = judgeOperatorWork(work, certificates)
          if (findings.length === 0) return
          const refs = batch.refsOf(recorded, certificates)
          for (const finding of findings) batch.record(finding, recorded, refs, `operator:${work.operatorPersonId}`)
          return
        }
        if (!mayCure(event.type)) return
        // A certificate recorded after the work but valid on its day (entered late, renewed or
        // reinstated with effect back then) cures the open violations it now covers.
        const person = operatorCertificates.keyOf(event)
        const facts = batch.facts(operatorCertificates, person) ?? []
        const validThen = (workCategory: unknown, day: string) =>
          typeof workCategory === 'string' && operatorCertificateStatusOn(facts, workCategory, day).status === 'valid'
        batch.cureFound(`operator:${person}`, recorded, (row) =>
          validThen(row.details['workCategory'], row.occurred_on),
        )
        const stillOpen = open.get(person) ?? []
        const ids = stillOpen.filter((v) => validThen(v.workCategory, v.occurredOn)).map((v) => v.id)
        if (ids.length === 0) return
        open.set(
          person,
          stillOpen.filter((v) => !ids.includes(v.id)),
        )
        cured.push({ ids, by: recorded })
      },
      async end() {
        for (const { ids, by } of cured) await batch.resolve(ids, by)
      },
    }
  },
}
